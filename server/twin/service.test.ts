import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.js'
import { createExclusiveWork } from './exclusive-work.js'
import type { ProfileStore } from './profiles/profile-store.js'
import type { HistoryPort } from './run/recorded-frames.js'
import { createTwinService } from './service.js'

/** The twin's service with nothing it does not need here: no profile, alarm or history is touched. */
function service(saved: string[]) {
  return createTwinService({
    profiles: {} as ProfileStore,
    alarms: { raise: () => undefined, clear: () => undefined },
    history: {} as HistoryPort,
    jobs: createExclusiveWork(() => performance.now()),
    procedures: {
      get: (id) =>
        saved.includes(id)
          ? {
              id,
              name: id,
              description: '',
              steps: [{ kind: 'wait', durationS: 60 }],
              onAbort: 'safe',
              updatedAtMs: 0,
              updatedBy: 'ann',
            }
          : undefined,
      snapLoad: (ohm) => ohm,
    },
    now: () => 0,
  })
}

describe('what-if plans naming a saved procedure', () => {
  it('an unknown procedure is a 404 naming the plan, before anything runs', async () => {
    const twin = service(['known'])
    const refused = twin.whatIf({ horizonS: 3600, points: 10, candidate: { procedureId: 'nope' } })
    await expect(refused).rejects.toBeInstanceOf(AppError)
    await expect(refused).rejects.toMatchObject({
      code: 'not_found',
      message: 'candidate.procedureId: no saved procedure nope',
    })
    const baseline = twin.whatIf({ horizonS: 3600, points: 10, candidate: {}, baseline: { procedureId: 'gone' } })
    await expect(baseline).rejects.toMatchObject({ code: 'not_found', message: /^baseline.procedureId/ })
  })

  it('a known procedure still needs the running twin (409)', async () => {
    const refused = service(['known']).whatIf({ horizonS: 3600, points: 10, candidate: { procedureId: 'known' } })
    await expect(refused).rejects.toMatchObject({ code: 'conflict', message: /start the twin first/ })
  })
})
