import { useEffect, useState } from 'react'
import type { CellProfile } from '../../../../server/contract/twin'
import { twinApi, useCan } from '../../store'
import { FitPanel } from './FitPanel'
import { SeriesFitPanel } from './SeriesFitPanel'
import { TwinRunPanel } from './TwinRunPanel'
import { WhatIfPanel } from './WhatIfPanel'

/** The digital twin (docs/twin.md "UI"): fit a cell, run the twin beside the stack, try a controller on it first. */
export function TwinPage() {
  const canControl = useCan('simulation:control')
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
      {canControl && <WhatIfPanel api={twinApi} />}
    </>
  )
}
