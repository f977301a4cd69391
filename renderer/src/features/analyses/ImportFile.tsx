import type { ChangeEvent } from 'react'

export type ImportedFile = { name: string; text: string }

const formats = [
  ['auto', 'detect'],
  ['ec-lab', 'EC-Lab ASCII (.mpt)'],
  ['gamry', 'Gamry (.DTA)'],
  ['csv', 'CSV'],
] as const
export type FileFormat = (typeof formats)[number][0]

/**
 * One import for both analyses: a potentiostat export or CSV read as text in the browser (the station
 * reads its columns, docs/twin.md "Importing curves"), and its format where detection is not enough.
 */
export function ImportFile(props: {
  label: string
  format: FileFormat
  onFormat(format: FileFormat): void
  onFile(file: ImportedFile | undefined): void
}) {
  const read = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    props.onFile(file ? { name: file.name, text: await file.text() } : undefined)
  }
  return (
    <>
      <label>
        {props.label}
        <input type="file" accept=".mpt,.txt,.dta,.DTA,.csv,.tsv" onChange={(e) => void read(e)} />
      </label>
      <label>
        Format
        <select value={props.format} onChange={(e) => props.onFormat(e.target.value as FileFormat)}>
          {formats.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </>
  )
}
