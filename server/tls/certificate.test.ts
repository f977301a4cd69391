import { describe, expect, it } from 'vitest'
import { inspectCertificate } from './certificate.js'
import { caAndLeaf, leafCertificate } from './testing/material.js'

describe('inspectCertificate: selfSigned', () => {
  it('is true for a self-signed server certificate (no keyCertSign, as the station makes them)', async () => {
    const { certPem } = await leafCertificate()
    expect(inspectCertificate(certPem).selfSigned).toBe(true)
  })

  it('is false for a certificate issued by a CA, and true for the CA itself', async () => {
    const { ca, leaf } = await caAndLeaf()
    expect(inspectCertificate(leaf.certPem).selfSigned).toBe(false)
    expect(inspectCertificate(ca.certPem).selfSigned).toBe(true)
  })
})
