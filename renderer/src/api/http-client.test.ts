import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiError, createHttpClient, describeError } from './http-client'

type Call = { url: string; init: RequestInit }

function client(answer: () => Response | Promise<Response>, csrf?: string) {
  const calls: Call[] = []
  const http = createHttpClient({
    baseUrl: 'https://station',
    fetch: async (url, init) => {
      calls.push({ url: String(url), init: init ?? {} })
      return answer()
    },
    csrfToken: () => csrf,
  })
  return { http, calls }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('http client', () => {
  it('sends JSON with the CSRF header on writes and validates the answer', async () => {
    const { http, calls } = client(() => json(200, { id: 3 }), 'tok')
    await expect(http.request('POST', '/api/v1/x', z.object({ id: z.number() }), { a: 1 })).resolves.toEqual({ id: 3 })
    expect(calls[0]!.url).toBe('https://station/api/v1/x')
    expect(calls[0]!.init.body).toBe('{"a":1}')
    expect(calls[0]!.init.headers).toMatchObject({ 'content-type': 'application/json', 'x-csrf-token': 'tok' })
  })

  it('leaves the CSRF header off reads', async () => {
    const { http, calls } = client(() => json(200, {}), 'tok')
    await http.request('GET', '/api/v1/x', z.object({}))
    expect(calls[0]!.init.headers).not.toHaveProperty('x-csrf-token')
  })

  it("turns the station's error shape into an ApiError with its reason and field issues", async () => {
    const refusal = {
      error: {
        code: 'bad_request',
        message: 'invalid run config: controller.outputMin: outputMin must be below outputMax',
        details: {
          issues: [
            { path: 'controller.outputMin', message: 'outputMin must be below outputMax' },
            { path: 'controller.kp', message: 'too small' },
          ],
        },
      },
    }
    const { http } = client(() => json(400, refusal))
    const error = await http.send('PUT', '/api/v1/simulation/controller', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: 'bad_request', issues: refusal.error.details.issues })
    // The message already names the first field; the second is appended once.
    expect(describeError(error)).toBe(
      'invalid run config: controller.outputMin: outputMin must be below outputMax; controller.kp: too small',
    )
  })

  it('reports unreachable stations, foreign error bodies and answers off the contract', async () => {
    const down = client(() => Promise.reject(new TypeError('Failed to fetch')))
    await expect(down.http.send('GET', '/x')).rejects.toMatchObject({ code: 'network', status: 0 })
    const proxy = client(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    await expect(proxy.http.send('GET', '/x')).rejects.toMatchObject({
      code: 'bad_response',
      message: 'HTTP 502 Bad Gateway',
    })
    const odd = client(() => json(200, { id: 'three' }))
    await expect(odd.http.request('GET', '/x', z.object({ id: z.number() }))).rejects.toMatchObject({
      code: 'bad_response',
    })
  })

  it('yields undefined for 204 answers', async () => {
    const { http } = client(() => new Response(null, { status: 204 }))
    await expect(http.request('DELETE', '/x', z.undefined())).resolves.toBeUndefined()
  })

  it('asks before a hazardous request and sends nothing when the user declines', async () => {
    const asked: string[] = []
    const calls: string[] = []
    const http = (answer: boolean) =>
      createHttpClient({
        fetch: async (url) => (calls.push(String(url)), json(200, {})),
        beforeHazardous: async () => (asked.push('asked'), answer),
      })
    await expect(http(false).send('POST', '/api/v1/simulation/reset')).rejects.toMatchObject({ code: 'cancelled' })
    expect(calls).toEqual([])
    await http(true).send('POST', '/api/v1/simulation/reset')
    await http(true).send('POST', '/api/v1/simulation/pause')
    expect(asked).toHaveLength(2)
    expect(calls).toEqual(['/api/v1/simulation/reset', '/api/v1/simulation/pause'])
  })
})
