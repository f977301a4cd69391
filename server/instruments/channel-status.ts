import type { ChannelStatus } from '../contract/instruments.js'
import type { ChannelMap } from './channel-map.js'
import type { Reading } from './driver.js'
import { currentValues } from './frame-builder.js'

/** The channel map with every channel's current value, for the Instruments page and `GET /api/v1/instruments`. */
export function channelStatuses(
  map: ChannelMap,
  readingOf: (device: string, address: string) => Reading | undefined,
): ChannelStatus[] {
  const values = currentValues(map, readingOf)
  return map.mappings.map((mapping) => {
    const value = values.get(mapping)
    return {
      ...{ target: mapping.target, cell: mapping.cell, quantity: mapping.field, device: mapping.device },
      ...{ address: mapping.address, unit: mapping.unit },
      raw: value?.raw ?? null,
      value: value?.si ?? null,
      atMs: value?.atMs ?? null,
      outOfRange: value?.outOfRange ?? false,
    }
  })
}
