import { afterEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import express from 'express'
import { errorBodySchema } from '../contract/errors.js'
import type { Logger } from '../logger.js'
import { AppError } from '../errors.js'
import { createErrorHandler, notFoundHandler } from './error-handler.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

async function serve(logged: unknown[][]): Promise<string> {
  const log: Logger = { error: (...args) => logged.push(args), warn() {}, info() {}, debug() {} }
  const app = express()
  app.use(express.json({ limit: '1kb' }))
  app.get('/conflict', () => {
    throw new AppError('conflict', 'run already started', { runId: 'r1' })
  })
  app.get('/boom', () => {
    throw new Error('database password is hunter2')
  })
  app.post('/echo', (req, res) => {
    res.json(req.body)
  })
  app.use(notFoundHandler)
  app.use(createErrorHandler(log))
  server = createServer(app)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}

describe('one error shape', () => {
  it.each([
    ['GET', '/conflict', undefined, 409, 'conflict', 'run already started'],
    ['GET', '/missing', undefined, 404, 'not_found', 'no route for GET /missing'],
    ['POST', '/echo', '{"a":', 400, 'bad_request', 'request body is not valid JSON'],
    ['POST', '/echo', JSON.stringify({ a: 'x'.repeat(2000) }), 413, 'payload_too_large', 'request body is too large'],
  ])('%s %s -> %i %s', async (method, path, body, status, code, message) => {
    const base = await serve([])
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    })
    expect(res.status).toBe(status)
    const parsed = errorBodySchema.parse(await res.json())
    expect(parsed.error).toMatchObject({ code, message })
  })

  it('carries safe details of an AppError', async () => {
    const res = await fetch(`${await serve([])}/conflict`)
    expect(errorBodySchema.parse(await res.json()).error.details).toEqual({ runId: 'r1' })
  })

  it('answers unexpected errors with a generic 500 and logs them, leaking nothing', async () => {
    const logged: unknown[][] = []
    const res = await fetch(`${await serve(logged)}/boom`)
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error' } })
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('at ')
    expect(logged).toHaveLength(1)
    expect(String(logged[0]![0])).toContain('GET /boom')
  })
})
