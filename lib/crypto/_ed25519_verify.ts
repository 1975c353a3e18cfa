// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Strict Ed25519 verification: @noble/curves in RFC 8032 mode (S ≥ L and
 * non-canonical points are rejected, unlike ZIP-215), with the message's
 * SHA-512 computed natively by `node:crypto`, so that a large message (a
 * link of 100,000 artifacts) is not hashed in JavaScript. Loaded on first
 * use: commands that verify nothing need not load @noble/curves.
 *
 * @module
 */

import { ed25519 } from "@noble/curves/ed25519.js";
import { eddsa } from "@noble/curves/abstract/edwards.js";
import { createHash } from "node:crypto";

const verifier = eddsa(
  ed25519.Point,
  (message: Uint8Array) =>
    new Uint8Array(createHash("sha512").update(message).digest()),
  { zip215: false },
);

/**
 * Verifies an Ed25519 signature.
 *
 * @param signature The 64-byte signature.
 * @param message The signed bytes.
 * @param publicKey The 32-byte public key.
 * @returns Whether the signature is valid.
 */
export function verifyEd25519(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  return signature.length === 64 &&
    verifier.verify(signature, message, publicKey, { zip215: false });
}
