import { X509Certificate, createPrivateKey } from 'node:crypto'
import forge from 'node-forge'
import { CertificateRejected, type CertificateMaterial } from './certificate-checks.js'

function der(asn1: Parameters<typeof forge.asn1.toDer>[0]): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')
}

/**
 * Unpacks a PFX/PKCS#12 file into PEM material. Node can serve a PFX but not read one, and forge
 * only models RSA keys, so the key and certificates are taken out as DER and parsed by node:crypto
 * (ECDSA keys work that way too). Both OpenSSL 3's AES/PBKDF2 files and legacy 3DES/RC2 ones parse.
 */
export function unpackPfx(pfx: Buffer, password: string): CertificateMaterial {
  let p12
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary'))),
      false,
      password,
    )
  } catch (error) {
    const message = (error as Error).message
    throw new CertificateRejected([
      /MAC could not be verified|Invalid password/i.test(message)
        ? 'wrong PFX password'
        : `not a readable PFX/PKCS#12 file (${message})`,
    ])
  }
  const { oids } = forge.pki
  const keyBags = [
    ...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag })[oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: oids.keyBag })[oids.keyBag] ?? []),
  ]
  const certBags = p12.getBags({ bagType: oids.certBag })[oids.certBag] ?? []
  if (keyBags.length !== 1)
    throw new CertificateRejected([`the PFX must hold exactly one private key (it holds ${keyBags.length})`])
  if (certBags.length === 0) throw new CertificateRejected(['the PFX holds no certificate'])
  const keyPem = createPrivateKey({ key: der(keyBags[0]!.asn1), format: 'der', type: 'pkcs8' })
    .export({ type: 'pkcs8', format: 'pem' })
    .toString()
  // Order is settled by validateMaterial, which finds the leaf by its key and sorts the issuers.
  const certPem = certBags.map((bag) => new X509Certificate(der(bag.asn1)).toString().trim()).join('\n') + '\n'
  return { keyPem, certPem }
}
