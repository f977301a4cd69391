import type { CellChannel } from '../../contract/stream.js'
import { cellAlarms } from '../../contract/simulation.js'
import { metricCatalog, type MetricSpec } from '../metric-catalog.js'
import type { Outgoing } from '../protocol.js'

export type DiscoveryContext = {
  haPrefix: string
  station: string
  stack: string
  software: string
  availabilityTopic: string
  stackTopic: string
  cellTopic: (cell: number) => string
  cellChannels: readonly CellChannel[]
}

/** Home Assistant's device classes for our units (Home Assistant "Sensor" integration, device classes). */
const deviceClasses: Record<string, string> = { V: 'voltage', A: 'current', W: 'power', K: 'temperature' }

const objectId = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_').toLowerCase()

/**
 * Home Assistant MQTT discovery (Home Assistant "MQTT Discovery": retained config messages under
 * `<prefix>/<component>/<node_id>/<object_id>/config`): the stack's values and run state, and the chosen
 * channels of every cell, as sensors of one device per station, with cell alarms as problem sensors.
 */
export function discoveryMessages(context: DiscoveryContext, cells: number): Outgoing[] {
  const node = objectId(`mfc_${context.station}`)
  const device = {
    identifiers: [`mfc-station-${context.station}`],
    name: `MFC Station ${context.station}`,
    manufacturer: 'MFC Station',
    model: 'Microbial fuel cell stack',
    sw_version: context.software,
  }
  const config = (component: string, id: string, body: Record<string, unknown>): Outgoing => ({
    topic: `${context.haPrefix}/${component}/${node}/${objectId(`${context.stack}_${id}`)}/config`,
    payload: Buffer.from(
      JSON.stringify({
        ...body,
        unique_id: objectId(`${context.station}_${context.stack}_${id}`),
        availability_topic: context.availabilityTopic,
        device,
      }),
    ),
    retain: true,
  })
  const sensor = (spec: MetricSpec, stateTopic: string, field: string, name: string) =>
    config('sensor', spec.key, {
      name,
      state_topic: stateTopic,
      value_template: `{{ value_json.${field} }}`,
      ...(spec.unit === undefined ? {} : { unit_of_measurement: spec.unit }),
      ...(spec.unit !== undefined && deviceClasses[spec.unit] ? { device_class: deviceClasses[spec.unit] } : {}),
      ...(spec.kind === 'double' ? { state_class: 'measurement' } : {}),
    })
  const messages: Outgoing[] = []
  for (const spec of metricCatalog(cells)) {
    const [group, cellText, channel] = spec.key.split('.')
    if (group !== 'cells') {
      const field = spec.key.split('.')[1] ?? spec.key
      messages.push(sensor(spec, context.stackTopic, field, `${context.stack} ${spec.key}`))
      continue
    }
    const cell = Number(cellText)
    if (channel === 'alarms' || !context.cellChannels.includes(channel as CellChannel)) continue
    messages.push(sensor(spec, context.cellTopic(cell), channel ?? '', `${context.stack} cell ${cell} ${channel}`))
  }
  if (context.cellChannels.includes('alarms'))
    for (let cell = 0; cell < cells; cell += 1)
      for (const alarm of cellAlarms)
        messages.push(
          config('binary_sensor', `cells.${cell}.alarms.${alarm}`, {
            name: `${context.stack} cell ${cell} ${alarm}`,
            state_topic: context.cellTopic(cell),
            value_template: `{{ 'ON' if value_json.alarms['${alarm}'] else 'OFF' }}`,
            device_class: 'problem',
          }),
        )
  return messages
}
