// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signing with a certificate-bound key (ITE-7): the signer keeps its key
 * and gains the certificate, which every signature it makes carries in its
 * `cert` field (leaf first, then any intermediates), and the keyid
 * in-toto-golang derives from the certificate.
 *
 * @module
 */

import { IntotoError } from "../../errors.ts";
import type { Signer } from "../key.ts";
import { equalBytes } from "../pkcs.ts";
import { parsePublicMaterial } from "../signature.ts";
import {
  type Certificate,
  certificatePem,
  describeCertificate,
} from "./certificate.ts";
import { certificateKey } from "./key.ts";

/**
 * Binds a signer to its certificate.
 *
 * @param signer A key signer (not GPG).
 * @param leaf The certificate issued for the signer's key.
 * @param intermediates CA certificates to send along, leaf side first.
 * @returns A signer labelled with the certificate's keyid whose signatures
 * carry the certificates.
 * @throws {IntotoError} `INVALID_KEY` when the certificate is for another
 * key or the key is a GPG key.
 */
export function bindCertificate(
  signer: Signer,
  leaf: Certificate,
  intermediates: readonly Certificate[] = [],
): Signer {
  if (signer.signGpg !== undefined) {
    throw new IntotoError(
      "INVALID_KEY",
      "a GPG key cannot sign with an X.509 certificate: use a PEM or securesystemslib key",
    );
  }
  const { info } = parsePublicMaterial(signer.publicKey);
  if (!equalBytes(info.spki, leaf.publicKey.spki)) {
    throw new IntotoError(
      "INVALID_KEY",
      `the signing key does not match the public key of certificate ${
        describeCertificate(leaf)
      }: give the key the certificate was issued for`,
    );
  }
  const publicKey = certificateKey(leaf);
  return {
    publicKey,
    sign: (data) => signer.sign(data),
    certificate: [leaf, ...intermediates].map(certificatePem).join(""),
  };
}
