import type { FaultBook } from './faults.js'
import type { Random } from './random.js'
import type { RunConfig } from './run-config.js'
import type { SensorChannel } from './run-config-parts.js'
import { createSensor, sensorFaultState, type Sensor } from './sensors.js'
import type { Stack, StackInputs } from './stack-types.js'

/** The latest reading of every instrument; null where it dropped out (or has not sampled yet). */
export type Readings = {
  cellVoltage: Array<number | null>
  substrate: Array<number | null>
  loadVoltage: number | null
  loadCurrent: number | null
  temperature: number | null
}

/** A run's instruments: a voltage and a substrate probe per cell, the load's voltage and current, the temperature. */
export function createRunSensors(config: RunConfig, cells: number, sharedLoad: boolean, random: Random) {
  const sensorRandom = random.fork('sensors')
  const perCell = (spec: RunConfig['sensors']['voltage'], label: string) =>
    Array.from({ length: cells }, (_, i) => createSensor(spec, sensorRandom.fork(`${label}-${i}`)))
  const sensors = {
    cellVoltage: perCell(config.sensors.voltage, 'voltage'),
    substrate: perCell(config.sensors.substrate, 'substrate'),
    loadVoltage: createSensor(config.sensors.voltage, sensorRandom.fork('load-voltage')),
    loadCurrent: createSensor(config.sensors.current, sensorRandom.fork('load-current')),
    temperature: createSensor(config.sensors.temperature, sensorRandom.fork('temperature')),
  }
  const readings: Readings = {
    cellVoltage: new Array<number | null>(cells).fill(null),
    substrate: new Array<number | null>(cells).fill(null),
    loadVoltage: null,
    loadCurrent: null,
    temperature: null,
  }

  const measuredCellPower = (inputs: StackInputs): Array<number | null> =>
    readings.cellVoltage.map((v, i) => (sharedLoad || v === null ? null : (v * v) / (inputs.cellLoadOhm[i] as number)))

  return {
    readings,
    /** Every instrument reads the stack at `timeS`, under the sensor faults active now. */
    sample(stack: Stack, inputs: StackInputs, faults: FaultBook, timeS: number): void {
      const active = faults.activeFaults()
      const read = (sensor: Sensor, value: number, channel: SensorChannel, cell?: number) =>
        sensor.read(value, timeS, sensorFaultState(active, channel, cell))
      for (let i = 0; i < cells; i += 1) {
        readings.cellVoltage[i] = read(
          sensors.cellVoltage[i] as Sensor,
          stack.outputs.cellVoltageV[i] as number,
          'voltage',
          i,
        )
        readings.substrate[i] = read(sensors.substrate[i] as Sensor, stack.substrateMgL[i] as number, 'substrate', i)
      }
      readings.loadVoltage = read(sensors.loadVoltage, stack.outputs.loadVoltageV, 'voltage')
      readings.loadCurrent = read(sensors.loadCurrent, stack.outputs.loadCurrentA, 'current')
      readings.temperature = read(sensors.temperature, inputs.temperatureK[0] as number, 'temperature')
    },
    /** Each cell's measured power V_i^2 / R_i on its own load; null with a shared load or a dropout. */
    measuredCellPower,
    /** The harvested power as the instruments see it: load V x I, or the cells' sum on own loads. */
    measuredPowerW(inputs: StackInputs): number | null {
      if (!sharedLoad) {
        const perCellPower = measuredCellPower(inputs)
        return perCellPower.includes(null) ? null : perCellPower.reduce<number>((sum, p) => sum + (p as number), 0)
      }
      return readings.loadVoltage === null || readings.loadCurrent === null
        ? null
        : readings.loadVoltage * readings.loadCurrent
    },
  }
}

export type RunSensors = ReturnType<typeof createRunSensors>
