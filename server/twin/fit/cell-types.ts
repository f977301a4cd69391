/* The shapes of one cell's steady states (docs/twin.md "The model behind the fit"). */

/** What the cell is fed with and how warm it is. */
export type CellConditions = { influentMgL: number; flowLPerDay: number; temperatureK: number }
export type Biofilm = { anodophilicMgL: number; methanogenicMgL: number }
/** One steady state: the load and what the cell delivers into it, and the state behind it. */
export type CellPoint = {
  rExtOhm: number
  voltageV: number
  currentA: number
  powerW: number
  substrateMgL: number
  oxidisedMediatorMgMPerMgX: number
  internalOhm: number
  openCircuitV: number
  biofilm: Biofilm
}
