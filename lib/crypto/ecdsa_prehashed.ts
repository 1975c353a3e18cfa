// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * ECDSA verification over a digest the caller already has (the artifact
 * itself is not at hand), with @noble/curves: neither node:crypto nor Web
 * Crypto verifies a prehashed message.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { KeyObject } from "node:crypto";
import { p256, p384 } from "@noble/curves/nist.js";

/**
 * Whether a DER ECDSA signature by a P-256 or P-384 key verifies over a
 * digest.
 *
 * @param key The public key.
 * @param digest The message digest the signature covers.
 * @param signature The DER signature.
 * @returns True when it verifies; false for other key types.
 */
export function verifyPrehashedEcdsa(
  key: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (key.asymmetricKeyType !== "ec") return false;
  const jwk = key.export({ format: "jwk" });
  const curve = jwk.crv === "P-256"
    ? p256
    : jwk.crv === "P-384"
    ? p384
    : undefined;
  if (curve === undefined || jwk.x === undefined || jwk.y === undefined) {
    return false;
  }
  const point = new Uint8Array([
    0x04,
    ...Buffer.from(jwk.x, "base64url"),
    ...Buffer.from(jwk.y, "base64url"),
  ]);
  try {
    return curve.verify(signature, digest, point, {
      prehash: false,
      lowS: false,
      format: "der",
    });
  } catch {
    return false;
  }
}
