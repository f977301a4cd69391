import type { CellProfile, ProfileInput } from '../../contract/twin.js'
import { AppError } from '../../errors.js'
import { parameterRanges } from '../../sim/parameter-bounds.js'
import { nominalCellParameters, type CellParameters } from '../../sim/parameters.js'
import type { Db } from '../../store/database.js'
import type { Migration } from '../../store/migrations.js'

/*
 * Cell profiles (docs/twin.md "Cell profiles"): a named, complete parameter set of one cell, from a fit or
 * entered by hand, kept in the station database. Simulation runs use one by having its parameters
 * copied into their run config (`cell.parameters` or `cells[i].parameters`); the run-config contract
 * stays as it is.
 */

export const twinMigrations: Migration[] = [
  {
    module: 'twin',
    version: 1,
    up: (db) =>
      db.exec(`CREATE TABLE cell_profiles (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        parameters_json TEXT NOT NULL,
        origin_json TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        updated_by TEXT
      )`),
  },
]

type Row = {
  name: string
  description: string
  parameters_json: string
  origin_json: string
  created_at_ms: number
  updated_at_ms: number
  updated_by: string | null
}

/** Every parameter, nominal where `values` says nothing; an unknown name or a value out of range is a 400. */
export function completeParameters(values: Record<string, number>, field = 'parameters'): CellParameters {
  const parameters: CellParameters = { ...nominalCellParameters }
  for (const [name, value] of Object.entries(values)) {
    const range = parameterRanges[name as keyof CellParameters] as readonly [number, number] | undefined
    if (!range) throw new AppError('bad_request', `${field}.${name}: no such model parameter`)
    if (!(value >= range[0] && value <= range[1]))
      throw new AppError('bad_request', `${field}.${name}: ${value} is outside ${range[0]}..${range[1]}`)
    parameters[name as keyof CellParameters] = value
  }
  return parameters
}

const toProfile = (row: Row): CellProfile => ({
  name: row.name,
  description: row.description,
  parameters: JSON.parse(row.parameters_json) as Record<string, number>,
  origin: JSON.parse(row.origin_json) as CellProfile['origin'],
  createdAt: new Date(row.created_at_ms).toISOString(),
  updatedAt: new Date(row.updated_at_ms).toISOString(),
  updatedBy: row.updated_by,
})

/** Reads and writes cell profiles. */
export function createProfileStore(db: Db, now: () => number) {
  const select = db.prepare<[string], Row>('SELECT * FROM cell_profiles WHERE name = ?')
  const list = db.prepare<[], Row>('SELECT * FROM cell_profiles ORDER BY name')
  const upsert = db.prepare(
    `INSERT INTO cell_profiles (name, description, parameters_json, origin_json, created_at_ms, updated_at_ms, updated_by)
     VALUES (@name, @description, @parameters, @origin, @at, @at, @by)
     ON CONFLICT (name) DO UPDATE SET description = @description, parameters_json = @parameters,
       origin_json = @origin, updated_at_ms = @at, updated_by = @by`,
  )
  const remove = db.prepare('DELETE FROM cell_profiles WHERE name = ?')
  return {
    list: (): CellProfile[] => list.all().map(toProfile),
    get(name: string): CellProfile {
      const row = select.get(name)
      if (!row) throw new AppError('not_found', `no cell profile "${name}"`)
      return toProfile(row)
    },
    /** Creates or replaces; returns whether it was new. */
    put(name: string, input: ProfileInput, by: string | null): { profile: CellProfile; created: boolean } {
      const parameters = completeParameters(input.parameters)
      const created = select.get(name) === undefined
      upsert.run({
        ...{ name, description: input.description, parameters: JSON.stringify(parameters) },
        ...{ origin: JSON.stringify(input.origin), at: now(), by },
      })
      return { profile: this.get(name), created }
    },
    delete(name: string): void {
      if (remove.run(name).changes === 0) throw new AppError('not_found', `no cell profile "${name}"`)
    },
  }
}

export type ProfileStore = ReturnType<typeof createProfileStore>
