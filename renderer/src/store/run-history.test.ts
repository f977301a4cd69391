import { describe, expect, it } from 'vitest'
import type { HistoryResponse } from '../../../server/contract/telemetry'
import { ApiError } from '../api/http-client'
import { createRunHistoryStore } from './run-history'

const answer: HistoryResponse = { runId: 'r', fromS: 0, toS: 60, bucketS: 1, source: 'raw', series: [] }
const request = { runId: 'r', from: 0, to: 60, channels: ['voltageV' as const], points: 10 }

describe('recorded run history', () => {
  it('reads each request once and keeps its answer or the reason it failed', async () => {
    let reads = 0
    const store = createRunHistoryStore({
      history: async (r) => {
        reads += 1
        if (r.runId === 'gone') throw new ApiError(404, 'not_found', 'no run gone')
        return answer
      },
    })
    store.getState().load('a', request)
    store.getState().load('a', request)
    store.getState().load('b', { ...request, runId: 'gone' })
    await expect.poll(() => store.getState().entries['b']?.error).toBe('no run gone')
    expect(store.getState().entries['a']).toEqual({ history: answer })
    expect(reads).toBe(2)
  })
})
