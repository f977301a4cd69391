import { analysesApi } from '../../store'
import { CoulombicPanel } from './CoulombicPanel'
import { PolarizationAnalysisPanel } from './PolarizationAnalysisPanel'

/** Lab analyses (docs/twin.md "UI"): a potentiostat curve's polarization figures, a run's coulombic efficiency. */
export function AnalysesPage() {
  return (
    <>
      <PolarizationAnalysisPanel api={analysesApi} />
      <CoulombicPanel api={analysesApi} />
    </>
  )
}
