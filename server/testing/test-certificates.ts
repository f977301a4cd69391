import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export type TestPki = {
  caFile: string
  server: { certFile: string; keyFile: string }
  client: { certFile: string; keyFile: string }
}

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })

function issue(dir: string, name: string, subject: string, extensions: string) {
  const ext = join(dir, `${name}.ext`)
  writeFileSync(ext, `${extensions}\n`)
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`])
  openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`])
  openssl(
    dir,
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
      '-days',
      '2',
      '-extfile',
      ext,
      '-out',
      `${name}.crt`,
    ]),
  )
  return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) }
}

/** A throwaway CA with a broker certificate for 127.0.0.1 and a client certificate, made with openssl in `dir`. */
export function makeTestPki(dir: string): TestPki {
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-subj',
      '/CN=MFC test CA',
      '-days',
      '2',
    ]),
  )
  return {
    caFile: join(dir, 'ca.crt'),
    server: issue(dir, 'broker', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'),
    client: issue(dir, 'client', '/CN=mfc-station', 'extendedKeyUsage=clientAuth'),
  }
}
