import { beforeEach, describe, expect, it } from 'vitest'
import type { Alarm } from '../../../server/contract/alarms'
import type { AlarmsApi } from '../api/alarms-api'
import { alarmEvent } from '../testing/fixtures'
import { createAlarmsStore, ordered, selectActiveCount } from './alarms'

/** The station's side: a list and the calls made to it. */
function fakeApi(list: Alarm[] = []) {
  const calls: string[] = []
  const api: AlarmsApi = {
    list: async () => list,
    acknowledge: async (id) => (calls.push(`ack ${id}`), list[0]!),
    shelve: async (id, minutes, reason) => (calls.push(`shelve ${id} ${minutes} ${reason}`), list[0]!),
    unshelve: async (id) => void calls.push(`unshelve ${id}`),
  }
  return { api, calls }
}

let store: ReturnType<typeof createAlarmsStore>
let calls: string[]
beforeEach(() => {
  const fake = fakeApi()
  calls = fake.calls
  store = createAlarmsStore({ api: fake.api, log: () => {} })
})

describe('alarm list', () => {
  it('follows the stream: raised, acknowledged, cleared to normal; a new alarm is announced once', () => {
    const { applyEvent } = store.getState()
    applyEvent(alarmEvent('raised', 3), 1000)
    expect(Object.values(store.getState().alarms)).toMatchObject([
      { id: 'cell-voltage-reversal:3', cell: 3, state: 'active-unacked', occurrences: 1, acknowledged: null },
    ])
    applyEvent(alarmEvent('acknowledged', 3), 2000)
    expect(store.getState().alarms['cell-voltage-reversal:3']).toMatchObject({
      state: 'active-acked',
      acknowledged: { by: 'olga', atMs: 2000 },
    })
    applyEvent(alarmEvent('cleared', 3, { state: 'normal' }), 3000)
    expect(store.getState().alarms).toEqual({})
    expect(store.getState().announced).toHaveLength(1)
  })

  it('counts a re-raise of a listed alarm without announcing it again, and skips shelved ones', () => {
    const { applyEvent } = store.getState()
    applyEvent(alarmEvent('raised', 2), 1000)
    applyEvent(alarmEvent('cleared', 2), 2000)
    applyEvent(alarmEvent('raised', 2), 3000)
    applyEvent(alarmEvent('raised', 4, { shelved: true }), 3000)
    expect(store.getState().alarms['cell-voltage-reversal:2']).toMatchObject({ occurrences: 2 })
    expect(store.getState().announced.map((a) => a.alarm.id)).toEqual(['cell-voltage-reversal:2'])
  })

  it('orders active before cleared and counts only active ones', () => {
    const { applyEvent } = store.getState()
    applyEvent(alarmEvent('raised', 1, { severity: 'medium' }), 1000)
    applyEvent(alarmEvent('raised', 2), 2000)
    applyEvent(alarmEvent('cleared', 2), 3000)
    expect(ordered(store.getState().alarms).map((a) => a.cell)).toEqual([1, 2])
    expect(selectActiveCount(store.getState())).toBe(1)
  })

  it('sends acknowledge, shelve and unshelve to the station and re-reads its list', async () => {
    await store.getState().acknowledge('a')
    await store.getState().shelve('a', 60, 'cell under repair')
    await store.getState().unshelve('a')
    expect(calls).toEqual(['ack a', 'shelve a 60 cell under repair', 'unshelve a'])
  })
})
