// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Which public keys are the same key, whatever keyid, scheme or PEM line
 * wrapping they are listed with: thresholds count distinct keys, never
 * keyids or signatures.
 *
 * @module
 */

import type { PublicKey } from "./key.ts";

/**
 * The public material of a key with whitespace removed (and hex lower-cased),
 * so that one key listed under its legacy and modern keyid, with or without
 * the PEM's trailing newline, or under another scheme, compares equal.
 *
 * @param key A public key.
 * @returns A string equal for keys with the same material.
 *
 * @example Usage
 * ```ts
 * import { keyMaterial } from "./key_identity.ts";
 * import assert from "node:assert/strict";
 * const key = { keyid: "a", keytype: "ed25519", scheme: "ed25519", keyval: { public: "AB" } };
 * assert.equal(keyMaterial(key), keyMaterial({ ...key, keyid: "b", keyval: { public: "ab\n" } }));
 * ```
 */
export function keyMaterial(key: PublicKey): string {
  const material = key.keyval.public.replace(/\s+/g, "");
  return /^[0-9a-fA-F]+$/.test(material) ? material.toLowerCase() : material;
}
