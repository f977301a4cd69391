import { readFile } from 'node:fs/promises'
import type { IClientOptions } from 'mqtt'
import type { MqttConfig } from '../config/publish-schema.js'
import type { SecretStore } from '../secrets/secret-store.js'

async function readTlsFile(key: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new Error(`publish.mqtt.tls.${key}: cannot read ${path} (${reason})`, { cause: error })
  }
}

/** The broker URL as shown in status and logs: never a user name or password. */
export function displayUrl(url: string): string {
  const shown = new URL(url)
  shown.username = ''
  shown.password = ''
  return shown.toString().replace(/\/$/, '')
}

/**
 * mqtt.js options of one connection (docs/publishing.md "TLS and credentials"): MQTT 3.1.1, the
 * password and the client key's passphrase from the secret store, the CA, client certificate and key
 * read from their files at every connect (so a renewed file is picked up by the next session).
 */
export async function brokerOptions(
  config: MqttConfig,
  clientId: string,
  secrets: SecretStore,
): Promise<IClientOptions> {
  const password = await secrets.get('mqtt-password')
  const { caFile, certFile, keyFile, servername, rejectUnauthorized } = config.tls
  const passphrase = keyFile === undefined ? undefined : await secrets.get('mqtt-key-passphrase')
  return {
    clientId,
    protocolVersion: 4,
    keepalive: config.keepaliveSeconds,
    connectTimeout: config.connectTimeoutSeconds * 1000,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(password === undefined ? {} : { password }),
    ...(caFile === undefined ? {} : { ca: await readTlsFile('caFile', caFile) }),
    ...(certFile === undefined ? {} : { cert: await readTlsFile('certFile', certFile) }),
    ...(keyFile === undefined ? {} : { key: await readTlsFile('keyFile', keyFile) }),
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(servername === undefined ? {} : { servername }),
    rejectUnauthorized,
  }
}
