import { procedureDefinitionSchema, type ProcedureDefinition } from '../contract/procedures.js'
import { AppError } from '../errors.js'
import { controllerConfigSchema } from '../sim/control/controller-config.js'
import { parseInput } from '../validation.js'

const pathText = (path: readonly PropertyKey[]) =>
  path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')

/**
 * A procedure definition from a request body: the contract's schema, and each switchController step's
 * controller against the run controller schema (the contract cannot import it), errors naming the field.
 */
export function parseDefinition(body: unknown): ProcedureDefinition {
  const definition = parseInput(procedureDefinitionSchema, body, 'body')
  const issues = definition.steps.flatMap((step, index) => {
    if (step.kind !== 'switchController') return []
    const result = controllerConfigSchema.safeParse(step.controller)
    if (result.success) return []
    return result.error.issues.map((issue) => ({
      path: `body.steps[${index}].controller${pathText(issue.path)}`,
      message: issue.message,
    }))
  })
  const first = issues[0]
  if (first) throw new AppError('bad_request', `${first.path}: ${first.message}`, { issues })
  return definition
}
