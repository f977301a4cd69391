import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { ErrorBody } from '../contract/errors.js'
import type { Logger } from '../logger.js'
import { AppError } from '../errors.js'
import { storageRefusal } from '../store/storage-errors.js'
import { closeIfBodyUnread } from './middleware/refusals.js'

/** Errors thrown by express's own body parsers carry a `type` and a `status`. */
type ParserError = Error & { type?: string; status?: number }

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error
  const storage = storageRefusal(error)
  if (storage) return storage
  const parser = error as ParserError
  switch (parser?.type) {
    case 'entity.parse.failed':
      return new AppError('bad_request', 'request body is not valid JSON')
    case 'entity.too.large':
      return new AppError('payload_too_large', 'request body is too large')
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('unsupported_media_type', parser.message)
    default:
      // express's own 4xx errors (e.g. a URIError for an undecodable `%ff` path parameter): the
      // client's fault, answered as a plain 400 without echoing the library's message.
      return typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500
        ? new AppError('bad_request', 'malformed request')
        : undefined
  }
}

export function errorBody(error: AppError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  }
}

/** Unknown routes: the same JSON error shape as every other failure. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route for ${req.method} ${req.path}`))
}

/**
 * Renders every failure in the one error shape; unexpected errors are logged and answered without internals.
 * A refusal by the database is also reported (`onStorageError`), so health says the database is degraded.
 */
export function createErrorHandler(log: Logger, onStorageError?: (error: unknown) => void): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error)
      return
    }
    const known = toAppError(error)
    if (known) {
      if (known.code === 'unavailable' && storageRefusal(error)) onStorageError?.(error)
      closeIfBodyUnread(req, res)
      res.status(known.status).json(errorBody(known))
      return
    }
    log.error(`unhandled error on ${req.method} ${req.path}`, error)
    res.status(500).json(errorBody(new AppError('internal', 'internal error')))
  }
}
