import type { Request } from 'express'
import type { z } from 'zod'
import { AppError } from './errors.js'

/** A field path as a client reads it: `faults[2].cell`. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  )
}

/** Validates one part of a request; a mismatch is a 400 naming the first wrong field and listing all. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  part: 'body' | 'query' | 'params',
): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({ path: pathOf([part, ...issue.path]), message: issue.message }))
  const first = issues[0]!
  throw new AppError('bad_request', `${first.path}: ${first.message}`, { issues })
}

export const parseBody = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> =>
  parseInput(schema, req.body ?? {}, 'body')
export const parseParams = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> =>
  parseInput(schema, req.params, 'params')
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> =>
  parseInput(schema, req.query, 'query')
