import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * scrypt with N = 2^15, r = 8, p = 1, a 16-byte salt and a 64-byte key: OWASP's recommended minimum
 * for scrypt (Password Storage Cheat Sheet), ~32 MiB and ~50-100 ms per hash on the CI machine.
 * The parameters are stored with each hash, so raising them later keeps old hashes verifiable.
 */
export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 64, saltLength: 16 } as const
export type ScryptParams = { N: number; r: number; p: number; keyLength: number; saltLength: number }

function derive(
  password: string,
  salt: Buffer,
  params: Pick<ScryptParams, 'N' | 'r' | 'p' | 'keyLength'>,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, params.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

export type PasswordHasher = {
  hash(password: string): Promise<string>
  verify(password: string, stored: string): Promise<boolean>
}

/** Hashes as `scrypt$N$r$p$salt$key` (base64url). */
export function createPasswordHasher(params: ScryptParams = DEFAULT_SCRYPT): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(params.saltLength)
      const key = await derive(password, salt, params)
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
    },
    async verify(password, stored) {
      const [kind, n, r, p, salt, key] = stored.split('$')
      if (kind !== 'scrypt' || !salt || !key) return false
      const expected = Buffer.from(key, 'base64url')
      const actual = await derive(password, Buffer.from(salt, 'base64url'), {
        N: Number(n),
        r: Number(r),
        p: Number(p),
        keyLength: expected.length,
      })
      return timingSafeEqual(actual, expected)
    },
  }
}
