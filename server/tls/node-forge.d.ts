// node-forge ships no types and @types/node-forge is not installed; this declares only the PKCS#12
// reading that pfx.ts uses. (node-forge comes with acme-client; see the TLS section of the README.)
declare module 'node-forge' {
  type ByteBuffer = { getBytes(): string }
  type Asn1 = { readonly __asn1: unique symbol }
  type Bag = { asn1: Asn1 }
  type Pkcs12 = { getBags(filter: { bagType: string }): Record<string, Bag[] | undefined> }
  const forge: {
    util: { createBuffer(bytes: string): ByteBuffer }
    asn1: { fromDer(bytes: ByteBuffer): Asn1; toDer(asn1: Asn1): ByteBuffer }
    pkcs12: { pkcs12FromAsn1(asn1: Asn1, strict: boolean, password: string): Pkcs12 }
    pki: { oids: Record<'pkcs8ShroudedKeyBag' | 'keyBag' | 'certBag', string> }
  }
  export default forge
}
