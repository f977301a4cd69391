import type { CoulombicBody } from './analyses-api'
import type { FileFormat, ImportedFile } from './ImportFile'

/* The coulombic form's text fields as the API's request (docs/twin.md "Coulombic efficiency and COD removal"). */

export type CoulombicForm = {
  source: 'run' | 'file'
  runId: string
  /** Numbered from 1 as on screen; empty: every cell together. */
  cell: string
  format: FileFormat
  mode: 'batch' | 'continuous'
  /** One `START,END` (seconds) per line; empty: detected from the voltage. */
  cycles: string
  codInMgL: string
  codOutMgL: string
  anodeVolumeL: string
  flowLPerDay: string
}

export const initialCoulombicForm: CoulombicForm = {
  ...{ source: 'run', runId: '', cell: '', format: 'auto', mode: 'continuous', cycles: '' },
  ...{ codInMgL: '', codOutMgL: '', anodeVolumeL: '', flowLPerDay: '' },
}

export type Parsed = { ok: true; body: CoulombicBody } | { ok: false; reason: string }

function numberOf(text: string, label: string, check: (n: number) => boolean): number | undefined {
  if (text.trim() === '') return undefined
  const value = Number(text)
  if (!Number.isFinite(value) || !check(value)) throw new RangeError(`${label}: "${text}" is not a valid value`)
  return value
}

function cyclesOf(text: string): CoulombicBody['cycles'] {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (lines.length === 0) return 'detect'
  return lines.map((line, i) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(line)
    if (!match) throw new RangeError(`Cycle ${i + 1}: "${line}" is not START,END in seconds`)
    return { startS: Number(match[1]), endS: Number(match[2]) }
  })
}

/** The request body, or the first field that is wrong. */
export function parseCoulombicForm(form: CoulombicForm, file: ImportedFile | undefined): Parsed {
  try {
    const optional = (key: 'codInMgL' | 'codOutMgL' | 'anodeVolumeL' | 'flowLPerDay', label: string, min = 0) => {
      const value = numberOf(form[key], label, (n) => n >= min)
      return value === undefined ? {} : { [key]: value }
    }
    const cell = numberOf(form.cell, 'Cell', (n) => Number.isInteger(n) && n >= 1)
    if (form.source === 'file' && !file) return { ok: false, reason: 'Choose a time-series file first' }
    const source =
      form.source === 'file' && file
        ? { file: { text: file.text, format: form.format } }
        : {
            run: {
              ...(form.runId === '' ? {} : { runId: form.runId }),
              ...(cell === undefined ? {} : { cell: cell - 1 }),
            },
          }
    return {
      ok: true,
      body: {
        mode: form.mode,
        ...source,
        ...(form.mode === 'batch' ? { cycles: cyclesOf(form.cycles) } : {}),
        ...optional('codInMgL', 'COD in'),
        ...optional('codOutMgL', 'COD out'),
        ...optional('anodeVolumeL', 'Anode volume', Number.MIN_VALUE),
        ...optional('flowLPerDay', 'Flow', Number.MIN_VALUE),
      },
    }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}
