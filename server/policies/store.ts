import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BUNDLED_POLICY_NAME, type PolicySummary } from '../contract/policies.js'
import { AppError } from '../errors.js'
import { packageRoot } from '../package-info.js'
import { qPolicySchema, type QPolicy } from '../sim/control/q-policy.js'

/** The policy trained offline for the default stack (`npm run policy:train`, docs/simulation.md "Policies"). */
export const bundledPolicyPath = join(packageRoot(), 'resources', 'policies', `${BUNDLED_POLICY_NAME}.json`)

export type PolicyStore = {
  list(): PolicySummary[]
  get(name: string): QPolicy
  has(name: string): boolean
  save(name: string, policy: QPolicy): void
  delete(name: string): void
}

function summaryOf(name: string, origin: PolicySummary['origin'], policy: QPolicy): PolicySummary {
  const { training } = policy
  return {
    ...{ name, origin, stack: training.stack ?? null, scenario: training.scenario },
    ...{
      episodes: training.episodes,
      seed: training.seed,
      loadMinOhm: policy.loadMinOhm,
      loadMaxOhm: policy.loadMaxOhm,
    },
  }
}

function readPolicy(path: string): QPolicy | undefined {
  try {
    const parsed = qPolicySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * Named policies: the bundled one (read-only, from resources/) and trained ones, one JSON file each in
 * `<dataDir>/policies/`. A file that does not validate is left alone and not listed; a save is written to
 * a temporary file and renamed, so a crash never leaves half a policy.
 */
export function createPolicyStore(options: { dir: string; bundledPath?: string }): PolicyStore {
  const bundledPath = options.bundledPath ?? bundledPolicyPath
  const pathOf = (name: string) => join(options.dir, `${name}.json`)
  const trainedNames = () =>
    existsSync(options.dir)
      ? readdirSync(options.dir)
          .filter((file) => file.endsWith('.json'))
          .map((file) => file.slice(0, -'.json'.length))
          .sort()
      : []
  const find = (name: string): { origin: PolicySummary['origin']; policy: QPolicy | undefined } =>
    name === BUNDLED_POLICY_NAME
      ? { origin: 'bundled', policy: readPolicy(bundledPath) }
      : { origin: 'trained', policy: existsSync(pathOf(name)) ? readPolicy(pathOf(name)) : undefined }
  return {
    list() {
      const summaries: PolicySummary[] = []
      for (const name of [BUNDLED_POLICY_NAME, ...trainedNames()]) {
        const { origin, policy } = find(name)
        if (policy) summaries.push(summaryOf(name, origin, policy))
      }
      return summaries
    },
    get(name) {
      const { policy } = find(name)
      if (!policy) throw new AppError('not_found', `no policy named ${name}`)
      return policy
    },
    has: (name) => find(name).policy !== undefined,
    save(name, policy) {
      if (name === BUNDLED_POLICY_NAME) throw new AppError('conflict', `${name} is the bundled policy's name`)
      mkdirSync(options.dir, { recursive: true, mode: 0o700 })
      const temporary = `${pathOf(name)}.partial`
      writeFileSync(temporary, `${JSON.stringify(policy)}\n`, { mode: 0o600 })
      renameSync(temporary, pathOf(name))
    },
    delete(name) {
      if (name === BUNDLED_POLICY_NAME) throw new AppError('conflict', 'the bundled policy cannot be deleted')
      if (!existsSync(pathOf(name))) throw new AppError('not_found', `no policy named ${name}`)
      rmSync(pathOf(name))
    },
  }
}
