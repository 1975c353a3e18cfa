// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Strict Ed25519 verification: @noble/curves in RFC 8032 mode (S ≥ L and
 * non-canonical points are rejected, unlike ZIP-215), with the message's
 * SHA-512 computed natively by `node:crypto`, so that a large message (a
 * link of 100,000 artifacts) is not hashed in JavaScript, nor copied. Loaded on first
 * use: commands that verify nothing need not load @noble/curves.
 *
 * @module
 */

import { ed25519 } from "@noble/curves/ed25519.js";
import { eddsa } from "@noble/curves/abstract/edwards.js";
import { createHash } from "node:crypto";

/**
 * The message being verified: noble hashes `R || A || message` in one
 * buffer, a copy of the message (87 MB for a link of a million artifacts).
 * {@linkcode verifyEd25519} hands noble an empty message instead, and the
 * hash appends this one: the same SHA-512, with no copy.
 */
let message: Uint8Array | undefined;

const verifier = eddsa(
  ed25519.Point,
  (data: Uint8Array) => {
    const hash = createHash("sha512").update(data);
    if (message !== undefined) hash.update(message);
    return new Uint8Array(hash.digest());
  },
  { zip215: false },
);

const EMPTY = new Uint8Array(0);

/**
 * Verifies an Ed25519 signature.
 *
 * @param signature The 64-byte signature.
 * @param signed The signed bytes.
 * @param publicKey The 32-byte public key.
 * @returns Whether the signature is valid.
 */
export function verifyEd25519(
  signature: Uint8Array,
  signed: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  // Verification hashes once, synchronously: R || A, then the message.
  message = signed;
  try {
    return verifier.verify(signature, EMPTY, publicKey, { zip215: false });
  } finally {
    message = undefined;
  }
}
