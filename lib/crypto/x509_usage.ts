// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Reads what an X.509 certificate may be used for: its key usage bits and
 * extended key usages (RFC 5280 4.2.1.3 and 4.2.1.12).
 *
 * @module
 */

import { DerReader, readSequence, TAG } from "./der.ts";

/** The code-signing extended key usage. */
export const CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3";

/** What a certificate says about its own use. */
export interface CertificateUsage {
  /** The key usage extension has digitalSignature; undefined when absent. */
  digitalSignature?: boolean;
  /** The key usage extension has keyCertSign; undefined when absent. */
  keyCertSign?: boolean;
  /** The extended key usage OIDs; undefined when absent. */
  extendedKeyUsage?: string[];
}

const KEY_USAGE = "2.5.29.15";
const EXTENDED_KEY_USAGE = "2.5.29.37";
const EXTENSIONS_TAG = 0xa3;

/**
 * Reads the key usage and extended key usage extensions of a DER
 * certificate.
 *
 * @param der The certificate.
 * @returns Its usages.
 * @throws {IntotoError} `INVALID_KEY` when the DER is malformed.
 */
export function certificateUsage(der: Uint8Array): CertificateUsage {
  const tbs = readSequence(der).sequence();
  const usage: CertificateUsage = {};
  while (!tbs.done) {
    const element = tbs.element();
    if (element.tag !== EXTENSIONS_TAG) continue;
    const extensions = new DerReader(element.content).sequence();
    while (!extensions.done) {
      const extension = extensions.sequence();
      const oid = extension.oid();
      if (extension.peekTag() === 0x01) extension.element();
      const value = extension.octetString();
      if (oid === KEY_USAGE) {
        const bits = new DerReader(value).expect(TAG.bitString, "BIT STRING");
        const first = bits[1] ?? 0;
        usage.digitalSignature = (first & 0x80) !== 0;
        usage.keyCertSign = (first & 0x04) !== 0;
      } else if (oid === EXTENDED_KEY_USAGE) {
        const list = new DerReader(value).sequence();
        usage.extendedKeyUsage = [];
        while (!list.done) usage.extendedKeyUsage.push(list.oid());
      }
    }
  }
  return usage;
}
