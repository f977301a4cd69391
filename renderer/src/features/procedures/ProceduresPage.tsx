import { useEffect, useState } from 'react'
import type { SavedProcedure } from '../../../../server/contract/procedures'
import { OutcomeNote } from '../../app/OutcomeNote'
import { useChange } from '../../app/use-change'
import { useCan, useProcedures } from '../../store'
import { LastSweep } from './LastSweep'
import { ProcedureEditor } from './ProcedureEditor'
import { RunPanel } from './RunPanel'

/** Procedures (docs/control.md "Procedures"): the running one, the saved ones, an editor, the last sweep. */
export function ProceduresPage() {
  const procedures = useProcedures((s) => s.procedures)
  const refresh = useProcedures((s) => s.refresh)
  const start = useProcedures((s) => s.start)
  const remove = useProcedures((s) => s.remove)
  const canOperate = useCan('instruments:operate')
  const [editing, setEditing] = useState<SavedProcedure | undefined>()
  const [editorKey, setEditorKey] = useState(0)
  const { outcome, apply } = useChange()
  useEffect(() => void refresh(), [refresh])
  const edit = (procedure: SavedProcedure | undefined) => {
    setEditing(procedure)
    setEditorKey((key) => key + 1)
  }
  return (
    <>
      <h1>Procedures</h1>
      <RunPanel />
      <section className="panel" aria-labelledby="procedure-list-title" data-testid="procedures">
        <h2 id="procedure-list-title">Saved procedures</h2>
        {procedures.length === 0 && <p className="muted">None saved yet.</p>}
        <ul className="procedure-list">
          {procedures.map((procedure) => (
            <li key={procedure.id} data-testid={`procedure-${procedure.id}`}>
              <strong>{procedure.name}</strong>{' '}
              <span className="muted">{`(${procedure.id}, ${procedure.steps.length} steps)`}</span>
              {canOperate && (
                <span className="form-row">
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() =>
                      void apply(
                        {
                          title: `Start ${procedure.name}`,
                          body: 'Start this procedure on the stack? It takes over the load.',
                          confirmLabel: 'Start',
                        },
                        () => start(procedure.id),
                      )
                    }
                  >
                    {`Start ${procedure.id}`}
                  </button>
                  <button type="button" className="button" onClick={() => edit(procedure)}>
                    {`Edit ${procedure.id}`}
                  </button>
                  <button
                    type="button"
                    className="button button--danger"
                    onClick={() =>
                      void apply(
                        { title: `Delete ${procedure.name}`, body: 'Delete this procedure?', confirmLabel: 'Delete' },
                        () => remove(procedure.id),
                      )
                    }
                  >
                    {`Delete ${procedure.id}`}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
        <OutcomeNote outcome={outcome} />
        {canOperate && (
          <button type="button" className="button" onClick={() => edit(undefined)}>
            New procedure
          </button>
        )}
      </section>
      {canOperate && <ProcedureEditor key={editorKey} editing={editing} />}
      <LastSweep />
    </>
  )
}
