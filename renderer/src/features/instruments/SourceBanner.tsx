import { useConnection } from '../../store'

const labels = {
  simulation: 'Simulation: these values come from the station’s model, not from a stack',
  hardware: 'Hardware: measured values from the instruments',
} as const

/** On every page, which source the values are: an operator never mistakes a simulation for the real stack. */
export function SourceBanner() {
  const source = useConnection((s) => s.source)
  if (source === undefined) return null
  return (
    <div className={`source-banner source-banner--${source}`} data-testid="source" data-source={source} role="note">
      {labels[source]}
    </div>
  )
}
