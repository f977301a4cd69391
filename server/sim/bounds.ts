import { z } from 'zod'
import { SECONDS_PER_DAY } from './parameters.js'

/*
 * The physical bounds of the run configuration's numbers (docs/architecture-sim.md "Bounds"): each a
 * range the model means something in, with the reason. They keep every number finite and every loop
 * short; the work budget (work.ts) keeps what remains of a big configuration responsive.
 */

/** The longest run: ten years of operation, beyond any MFC experiment. Instants and warm-up lie within it. */
export const MAX_RUN_S = 3650 * SECONDS_PER_DAY
/** An instant within a run (a fault's start, a schedule change, the end of warm-up). */
export const instantS = z.number().min(0).max(MAX_RUN_S)
/** A duration: from one second (the finest sample period) to the longest run. */
export const durationS = z.number().min(1).max(MAX_RUN_S)
/** How often something recurs (a sensor sample, a controller decision): once a second to once a day. */
export const periodS = z.number().min(1).max(SECONDS_PER_DAY)
/** An instrument's dead time or lag: up to a day (a slow substrate probe answers in minutes to hours). */
export const probeTimeS = z.number().min(0).max(SECONDS_PER_DAY)

/** Pilot plants of 512 cells (the operator-UI issue); the work budget keeps a stack of any size responsive. */
export const MAX_CELLS = 512
export const cellIndex = z
  .number()
  .int()
  .min(0)
  .max(MAX_CELLS - 1)

/**
 * Loads, ohm: from a milliohm (the wiring itself: a short circuit, which the model reaches
 * continuously) to 10 Mohm (a voltmeter's input: open circuit for any cell, whose internal
 * resistance is 25 to 2000 ohm).
 */
export const resistanceOhm = z.number().min(1e-3).max(1e7)

/** Feed flow per anode: up to 100 L/d, a dilution rate of 2000 per day in the literature's 50 mL anode. */
export const MAX_FEED_L_PER_DAY = 100
export const feedLPerDay = z.number().min(0).max(MAX_FEED_L_PER_DAY)
/** Substrate dosed straight into an anode: up to 1 kg/d, far beyond any anode's uptake. */
export const MAX_DOSING_MG_PER_DAY = 1e6
export const dosingMgPerDay = z.number().min(0).max(MAX_DOSING_MG_PER_DAY)
/** How far each substrate actuator of a controller goes: the feed's and the dosing's bound. */
export const SUBSTRATE_ACTUATOR_MAX = { feed: MAX_FEED_L_PER_DAY, dosing: MAX_DOSING_MG_PER_DAY } as const
/** Substrate concentration: up to 100 g/L, twice the strongest industrial wastewater (~50 g COD/L). */
export const concentrationMgL = z.number().min(0).max(100_000)
/** Biomass concentration: up to 100 g/L, denser than any biofilm (the model's carrying capacity is ~0.5 g/L). */
export const biomassMgL = z.number().min(0).max(100_000)
/** Liquid water in the anode: 0 to 100 degC. */
export const temperatureK = z.number().min(273.15).max(373.15)
/** A temperature step (fault): up to 50 K either way, a heater failure or a cold snap. */
export const temperatureStepK = z.number().min(-50).max(50)

/** A sensor's noise and drift in its channel's unit (V, A, mg/L, K): beyond 1000 a reading says nothing. */
export const sensorNoise = z.number().min(0).max(1000)
export const sensorDriftPerDay = z.number().min(-1000).max(1000)
/**
 * A probe's dead time holds delayS / samplePeriodS samples per instrument, for every cell: at most a
 * day of minute samples.
 */
export const MAX_DELAYED_SAMPLES = 1440

/** Faults and schedule entries in one run: each is an instant the step grid stops at and the inputs scan. */
export const MAX_SCHEDULED = 1000
