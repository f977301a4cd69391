/** The quantities a channel map can fill, and the frame field each one is carried in (SI units). */
export const quantities = {
  voltage: { field: 'voltageV', si: 'V' },
  current: { field: 'currentA', si: 'A' },
  temperature: { field: 'temperatureK', si: 'K' },
  loadOhm: { field: 'loadOhm', si: 'ohm' },
  feed: { field: 'feedLPerDay', si: 'L/day' },
  substrate: { field: 'substrateMgL', si: 'mg/L' },
  ph: { field: 'ph', si: 'pH' },
} as const
export type Quantity = keyof typeof quantities

/** value_SI = value * factor + shift, for every unit a configuration may name per quantity. */
const conversions: Record<Quantity, Record<string, { factor: number; shift: number }>> = {
  voltage: { V: { factor: 1, shift: 0 }, mV: { factor: 1e-3, shift: 0 }, uV: { factor: 1e-6, shift: 0 } },
  current: {
    A: { factor: 1, shift: 0 },
    mA: { factor: 1e-3, shift: 0 },
    uA: { factor: 1e-6, shift: 0 },
    nA: { factor: 1e-9, shift: 0 },
  },
  temperature: {
    K: { factor: 1, shift: 0 },
    degC: { factor: 1, shift: 273.15 },
    degF: { factor: 5 / 9, shift: 273.15 - (32 * 5) / 9 },
  },
  loadOhm: { ohm: { factor: 1, shift: 0 }, kohm: { factor: 1e3, shift: 0 }, Mohm: { factor: 1e6, shift: 0 } },
  substrate: { 'mg/L': { factor: 1, shift: 0 }, 'g/L': { factor: 1000, shift: 0 } },
  ph: { pH: { factor: 1, shift: 0 } },
  feed: {
    'L/day': { factor: 1, shift: 0 },
    'L/h': { factor: 24, shift: 0 },
    'mL/h': { factor: 0.024, shift: 0 },
    'mL/min': { factor: 1.44, shift: 0 },
  },
}

/** The units a quantity accepts, for error messages and docs. */
export function unitsOf(quantity: Quantity): string[] {
  return Object.keys(conversions[quantity])
}

/** The function from a value in `unit` to the quantity's SI unit; undefined for a unit the quantity does not know. */
export function toSi(quantity: Quantity, unit: string | undefined): ((value: number) => number) | undefined {
  const conversion = conversions[quantity][unit ?? quantities[quantity].si]
  if (!conversion) return undefined
  const { factor, shift } = conversion
  return (value) => value * factor + shift
}
