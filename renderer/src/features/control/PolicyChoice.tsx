import { useEffect, useState } from 'react'
import type { PolicySummary } from '../../../../server/contract/policies'
import { usePolicies } from '../../store'
import { PolicyInput } from './ControllerSettings'

type PolicyFile = { name: string; value?: unknown; error?: string }

async function readPolicyFile(file: File): Promise<PolicyFile> {
  try {
    return { name: file.name, value: JSON.parse(await file.text()) as unknown }
  } catch (error) {
    return { name: file.name, error: `not JSON: ${(error as Error).message}` }
  }
}

/** The choice that reads a policy file in the browser instead of a policy the station keeps. */
export const FROM_FILE = 'file'

/** How the choice names a policy: the bundled one by what it is for, a trained one with its training. */
export function policyLabel(policy: PolicySummary): string {
  if (policy.origin === 'bundled') return 'Bundled policy (default 5-cell stack)'
  const stack = policy.stack ? `, ${policy.stack.cells}-cell ${policy.stack.wiring}` : ''
  return `${policy.name} (trained, ${policy.episodes} episodes${stack})`
}

/** Which Q-learning policy to run: one the station keeps (bundled or trained here), or a file. */
export function PolicyChoice(props: {
  policies: readonly PolicySummary[]
  value: string
  onChange(value: string): void
  fileError: string | undefined
  onFile(file: File | undefined): void
}) {
  const { policies, value } = props
  return (
    <>
      <label>
        Policy
        <select name="policySource" value={value} onChange={(e) => props.onChange(e.target.value)}>
          {policies.map((policy) => (
            <option key={policy.name} value={policy.name}>
              {policyLabel(policy)}
            </option>
          ))}
          <option value={FROM_FILE}>From file</option>
        </select>
      </label>
      {value === FROM_FILE && <PolicyInput error={props.fileError} onFile={props.onFile} />}
    </>
  )
}

/**
 * The controller form's policy: the first the station keeps (the bundled one) unless the operator picks
 * another or a file. A kept policy is read when the switch is confirmed: the newest one, not a stale copy.
 */
export function usePolicySelection() {
  const policies = usePolicies((s) => s.policies)
  const refresh = usePolicies((s) => s.refresh)
  const readDocument = usePolicies((s) => s.document)
  const [source, setSource] = useState<string>()
  const [file, setFile] = useState<PolicyFile>()
  useEffect(() => void refresh(), [refresh])
  const named = source === FROM_FILE ? undefined : policies.find((p) => p.name === (source ?? policies[0]?.name))
  return {
    ready: named !== undefined || file?.value !== undefined,
    label: named ? policyLabel(named) : (file?.name ?? ''),
    document: async (): Promise<unknown> => (named ? readDocument(named.name) : file?.value),
    choice: {
      policies,
      value: named?.name ?? FROM_FILE,
      onChange: setSource,
      fileError: file?.error,
      onFile: (picked: File | undefined) => void (picked ? readPolicyFile(picked).then(setFile) : setFile(undefined)),
    },
  }
}
