import { useEffect, useState } from 'react'
import type { CellProfile } from '../../../../server/contract/twin'
import { twinApi, useCan, useEventLog, useProcedures } from '../../store'
import { runChange } from '../../store/change-runner'
import type { LogKind } from '../../store/event-log'
import { FitPanel } from './FitPanel'
import { SeriesFitPanel } from './SeriesFitPanel'
import { TwinRunPanel } from './TwinRunPanel'
import { WhatIfPanel, type ApplyPlan } from './WhatIfPanel'

const log = { log: (kind: LogKind, text: string) => useEventLog.getState().add(kind, text) }

/** The digital twin (docs/twin.md "UI"): fit a cell, run the twin beside the stack, try a controller on it first. */
export function TwinPage() {
  const canControl = useCan('simulation:control')
  // Starting a procedure and switching the stack's controller: docs/control.md "API".
  const canOperate = useCan('instruments:operate')
  const procedures = useProcedures((s) => s.procedures)
  const refreshProcedures = useProcedures((s) => s.refresh)
  const startProcedure = useProcedures((s) => s.start)
  useEffect(() => void refreshProcedures(), [refreshProcedures])
  const apply: ApplyPlan = (application) =>
    application.kind === 'procedure'
      ? startProcedure(application.id)
      : runChange(log, `Controller ${application.controller.kind}`, () =>
          twinApi.switchController(application.controller),
        )
  const [profiles, setProfiles] = useState<CellProfile[]>([])
  useEffect(() => {
    void twinApi.profiles().then(setProfiles, () => setProfiles([]))
  }, [])
  return (
    <>
      {canControl ? (
        <>
          <FitPanel api={twinApi} />
          <SeriesFitPanel api={twinApi} />
        </>
      ) : (
        <p className="muted">Fitting needs the simulation:control permission.</p>
      )}
      <TwinRunPanel api={twinApi} profiles={profiles} canControl={canControl} />
      {canControl && <WhatIfPanel api={twinApi} procedures={procedures} {...(canOperate ? { apply } : {})} />}
    </>
  )
}
