import { AddressError } from '../errors.js'
import { compileJsonPath, numberFrom } from '../json-path.js'

export type MqttAddress = { text: string; topic: string; read(payload: Buffer): number | undefined }

const JSON_MARK = '#json:'

/**
 * `<topic>` (the payload is a number) or `<topic>#json:<path>` (a JSON payload, the value at the path);
 * topics are exact names, so `#` only separates the path (docs/instruments.md "MQTT").
 */
export function parseMqttAddress(text: string): MqttAddress {
  const mark = text.lastIndexOf(JSON_MARK)
  const topic = mark < 0 ? text : text.slice(0, mark)
  if (topic === '' || /[+#]/.test(topic) || topic.includes('\u0000'))
    throw new AddressError(`"${text}": the topic must be an exact topic name (no + or # wildcards)`)
  if (mark < 0) return { text, topic, read: (payload) => numberFrom(payload.toString('utf8')) }
  const path = compileJsonPath(text.slice(mark + JSON_MARK.length))
  return {
    text,
    topic,
    read(payload) {
      try {
        return numberFrom(path.read(JSON.parse(payload.toString('utf8'))))
      } catch {
        return undefined
      }
    },
  }
}
