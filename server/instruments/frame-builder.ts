import type { CellSample, StackSample } from '../contract/stream.js'
import type { Actuation } from './actuation.js'
import type { ChannelMap, ChannelMapping } from './channel-map.js'
import type { Reading } from './driver.js'

/** A mapped value at one instant: the reading, calibrated, in SI, and whether it is plausible. */
export type MappedValue = {
  mapping: ChannelMapping
  raw: number
  value: number
  si: number
  atMs: number
  outOfRange: boolean
}

/** The current value of every mapping whose device is online with a current reading. */
export function currentValues(
  map: ChannelMap,
  readingOf: (device: string, address: string) => Reading | undefined,
): Map<ChannelMapping, MappedValue> {
  const values = new Map<ChannelMapping, MappedValue>()
  for (const mapping of map.mappings) {
    const reading = readingOf(mapping.device, mapping.address)
    if (!reading) continue
    const value = mapping.calibrate(reading.raw)
    const outOfRange = mapping.range !== undefined && (value < mapping.range.min || value > mapping.range.max)
    values.set(mapping, { mapping, raw: reading.raw, value, si: mapping.toSi(value), atMs: reading.atMs, outOfRange })
  }
  return values
}

type Measured = Partial<Record<ChannelMapping['field'], number>> & { outOfRange: string[] }

function measuredOf(values: Map<ChannelMapping, MappedValue>, cell: number | null): Measured {
  const measured: Measured = { outOfRange: [] }
  for (const value of values.values()) {
    if (value.mapping.cell !== cell) continue
    measured[value.mapping.field] = value.si
    if (value.outOfRange) measured.outOfRange.push(value.mapping.field)
  }
  return measured
}

/** Only the values that exist: absent stays absent (docs/stream-protocol.md "Frames"). */
const present = <T extends object>(entries: Record<string, number | undefined>): T =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as T

/** Commanded and read-back values of the actuators, in the frame's fields (docs/control.md "Actuators"). */
export type ActuatorValues = Pick<Actuation, 'commanded' | 'measured'>

function actuatorFields(actuators: ActuatorValues | undefined, id: string, prefix: 'rExt' | 'pump', unit: string) {
  if (!actuators) return {}
  return present<Record<string, number>>({
    [`${prefix}Commanded${unit}`]: actuators.commanded(id),
    [`${prefix}Measured${unit}`]: actuators.measured(id),
  })
}

/**
 * Cell and stack samples from the mapped values (docs/instruments.md "Channel map"): current is derived
 * as I = V / R_ext where a cell has a resistor and no current channel (the R_ext actuator's read-back,
 * else its commanded value, else the configured rExtOhm); power is V * I where both exist; anything not
 * measured is absent. `alarmsOf` gives a cell's (0-based) active alarms.
 */
export function assembleSamples(
  map: ChannelMap,
  values: Map<ChannelMapping, MappedValue>,
  alarmsOf: (index: number) => CellSample['alarms'],
  actuators?: ActuatorValues,
): { cells: CellSample[]; stack: StackSample } {
  const cells = map.cells.map(({ cell, rExtOhm }, index): CellSample => {
    const measured = measuredOf(values, cell)
    const voltageV = measured.voltageV
    const loads: Partial<CellSample> = map.actuators.some((a) => a.id === `cell-${cell}-rext`)
      ? actuatorFields(actuators, `cell-${cell}-rext`, 'rExt', 'Ohm')
      : {}
    // A read-back of 0 (a rig that was not told yet) is no resistance to derive a current from.
    const rOhm = [loads.rExtMeasuredOhm, loads.rExtCommandedOhm, rExtOhm].find((ohm) => ohm !== undefined && ohm > 0)
    const currentA = measured.currentA ?? (voltageV !== undefined && rOhm !== undefined ? voltageV / rOhm : undefined)
    const powerW = voltageV !== undefined && currentA !== undefined ? voltageV * currentA : undefined
    const alarms = [...alarmsOf(index), ...(measured.outOfRange.length > 0 ? (['out-of-range'] as const) : [])]
    return {
      ...present<Pick<CellSample, 'voltageV' | 'currentA' | 'powerW' | 'substrateMgL'>>({
        ...{ voltageV, currentA, powerW, substrateMgL: measured.substrateMgL },
      }),
      alarms,
      ...(measured.outOfRange.length > 0 ? { outOfRange: measured.outOfRange } : {}),
      ...loads,
    }
  })
  return { cells, stack: stackSample(map, values, actuators) }
}

function stackSample(map: ChannelMap, values: Map<ChannelMapping, MappedValue>, actuators?: ActuatorValues) {
  const stack = measuredOf(values, null)
  const has = (id: string) => map.actuators.some((a) => a.id === id)
  const loads: Partial<StackSample> = {
    ...(has('stack-rext') ? actuatorFields(actuators, 'stack-rext', 'rExt', 'Ohm') : {}),
    ...(has('pump') ? actuatorFields(actuators, 'pump', 'pump', 'LPerDay') : {}),
  }
  const connected = has('disconnect')
    ? (actuators?.measured('disconnect') ?? actuators?.commanded('disconnect'))
    : undefined
  const powerW =
    stack.voltageV !== undefined && stack.currentA !== undefined ? stack.voltageV * stack.currentA : undefined
  return {
    ...present<StackSample>({
      voltageV: stack.voltageV,
      currentA: stack.currentA,
      powerW,
      loadOhm: stack.loadOhm ?? loads.rExtMeasuredOhm ?? loads.rExtCommandedOhm,
      feedLPerDay: stack.feedLPerDay ?? loads.pumpMeasuredLPerDay ?? loads.pumpCommandedLPerDay,
      temperatureK: stack.temperatureK,
      ph: stack.ph,
    }),
    ...(connected === undefined ? {} : { loadConnected: connected !== 0 }),
    ...(stack.outOfRange.length > 0 ? { outOfRange: stack.outOfRange } : {}),
    ...loads,
  }
}
