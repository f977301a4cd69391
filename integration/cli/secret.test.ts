import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { secretCommand, type SecretIo } from '../../server/cli/secret.js'
import { UsageError } from '../../server/cli/usage-error.js'
import { startTestStation } from '../../server/testing/station-fixture.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const noKeychain = async (): Promise<never> => {
  throw new Error('no keychain in tests')
}
function io(stdin: string): SecretIo & { lines: string[] } {
  const lines: string[] = []
  return {
    env: { MFC_SECRETS: 'file' },
    stdout: (line) => lines.push(line),
    readStdin: async () => stdin,
    loadKeychain: noKeychain,
    lines,
  }
}

describe('mfc-station secret', () => {
  it('keeps the MQTT password from standard input in the secret store, and deletes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-secret-cli-'))
    dirs.push(dataDir)
    const set = io('broker password 1\n')
    expect(await secretCommand(['set', 'mqtt-password', '--data-dir', dataDir], set)).toBe(0)
    expect(set.lines).toEqual(['mqtt-password stored in the file secret store'])
    const file = () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(file()['mqtt-password']).toBe('broker password 1')
    expect(await secretCommand(['delete', 'mqtt-password', '--data-dir', dataDir], io(''))).toBe(0)
    expect(file()['mqtt-password']).toBeUndefined()
  })

  it('keeps an instrument credential under instrument.<name>, as `instruments secret` does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-secret-cli-'))
    dirs.push(dataDir)
    const set = io('lab broker pw\n')
    expect(await secretCommand(['set', 'instrument.lab-broker', '--data-dir', dataDir], set)).toBe(0)
    const file = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(file['instrument.lab-broker']).toBe('lab broker pw')
    await expect(secretCommand(['set', 'instrument.', '--data-dir', dataDir], io('x'))).rejects.toThrow(
      /unknown secret/,
    )
  })

  it('refuses station keys, an empty value, extra arguments and a running station', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mfc-secret-cli-'))
    dirs.push(dataDir)
    const refused: Array<[string[], string, RegExp]> = [
      [['set', 'session-signing-key'], 'x', /unknown secret "session-signing-key"/],
      [['set', 'mqtt-password'], '\n', /no value for mqtt-password/],
      [['set', 'mqtt-password', 'value-on-the-command-line'], '', /expected "secret set NAME"/],
      [['show', 'mqtt-password'], '', /expected "secret set NAME"/],
    ]
    for (const [args, stdin, message] of refused)
      await expect(secretCommand([...args, '--data-dir', dataDir], io(stdin))).rejects.toThrow(message)
    const station = await startTestStation({}, dataDir)
    try {
      await expect(secretCommand(['set', 'mqtt-password', '--data-dir', dataDir], io('pw'))).rejects.toThrow(UsageError)
      await expect(secretCommand(['set', 'mqtt-password', '--data-dir', dataDir], io('pw'))).rejects.toThrow(
        /the station is running/,
      )
    } finally {
      await station.close()
    }
  })
})
