import { useState } from 'react'
import type {
  ProcedureDefinitionInput,
  ProcedureStepInput,
  SavedProcedure,
} from '../../../../server/contract/procedures'
import { PROCEDURE_LIMITS } from '../../../../server/contract/procedures'
import { OutcomeNote } from '../../app/OutcomeNote'
import { TextField } from '../../app/TextField'
import { useChange } from '../../app/use-change'
import { useProcedures } from '../../store'
import { StepFields } from './StepFields'
import { defaultStep, stepKindLabels, type StepKind } from './step-fields'

const blank: ProcedureDefinitionInput = { name: '', steps: [defaultStep('setLoad')] }

/** The definition of a saved procedure, without what the station adds (a PUT body takes only the definition). */
function definitionOf(saved: SavedProcedure | undefined): ProcedureDefinitionInput {
  if (!saved) return blank
  const { name, description, steps, onAbort } = saved
  return { name, description, steps, onAbort }
}

/** Creates or replaces a procedure: its id, name, what an abort leaves, and the steps in order. */
export function ProcedureEditor({ editing }: { editing: SavedProcedure | undefined }) {
  const save = useProcedures((s) => s.save)
  const { outcome, apply } = useChange()
  const [id, setId] = useState(editing?.id ?? '')
  const [definition, setDefinition] = useState<ProcedureDefinitionInput>(() => definitionOf(editing))
  const steps = definition.steps
  const setSteps = (next: ProcedureStepInput[]) => setDefinition({ ...definition, steps: next })
  return (
    <form
      className="panel"
      aria-labelledby="procedure-editor-title"
      data-testid="procedure-editor"
      onSubmit={(e) => {
        e.preventDefault()
        void apply(
          {
            title: `Save procedure ${id}`,
            body: `Save "${definition.name}" with ${steps.length} steps?`,
            confirmLabel: 'Save',
          },
          () => save(id, definition),
        )
      }}
    >
      <h2 id="procedure-editor-title">{editing ? `Edit ${editing.id}` : 'New procedure'}</h2>
      <div className="form-row">
        <TextField label="Id" value={id} required pattern="[a-z0-9][a-z0-9\-]{0,62}" onChange={setId} />
        <TextField
          label="Name"
          value={definition.name}
          required
          maxLength={PROCEDURE_LIMITS.nameChars}
          onChange={(name) => setDefinition({ ...definition, name })}
        />
        <label>
          On abort
          <select
            value={definition.onAbort ?? 'safe'}
            onChange={(e) => setDefinition({ ...definition, onAbort: e.target.value as 'safe' | 'last' })}
          >
            <option value="safe">safe load</option>
            <option value="last">leave the last load</option>
          </select>
        </label>
      </div>
      <StepList steps={steps} onChange={setSteps} />
      <div className="form-row">
        <button type="submit" className="button button--primary">
          Save procedure
        </button>
        <OutcomeNote outcome={outcome} />
      </div>
    </form>
  )
}

/** The steps in order, each with its fields and a remove button, and a row that adds a step of a kind. */
function StepList({ steps, onChange }: { steps: ProcedureStepInput[]; onChange(steps: ProcedureStepInput[]): void }) {
  const [kind, setKind] = useState<StepKind>('wait')
  const setSteps = onChange
  return (
    <>
      <ol className="procedure-steps">
        {steps.map((step, index) => (
          <li key={index}>
            <fieldset className="form-row">
              <legend>{`Step ${index + 1}: ${stepKindLabels[step.kind]}`}</legend>
              <StepFields
                step={step}
                label={`Step ${index + 1}`}
                onChange={(next) => setSteps(steps.map((old, at) => (at === index ? next : old)))}
              />
              <button type="button" className="button" onClick={() => setSteps(steps.filter((_, at) => at !== index))}>
                {`Remove step ${index + 1}`}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="form-row">
        <label>
          Step kind
          <select value={kind} onChange={(e) => setKind(e.target.value as StepKind)}>
            {(Object.keys(stepKindLabels) as StepKind[]).map((value) => (
              <option key={value} value={value}>
                {stepKindLabels[value]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={steps.length >= PROCEDURE_LIMITS.steps}
          onClick={() => setSteps([...steps, defaultStep(kind)])}
        >
          Add step
        </button>
      </div>
    </>
  )
}
