// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Keyids: the sha256 of the canonical JSON of a public key object, in the
 * two flavours in-toto implementations use.
 *
 * - legacy (securesystemslib ≤ 0.2x, in-toto 1.3.1 `-k`, in-toto-golang):
 *   `{keyid_hash_algorithms, keytype, keyval: {public}, scheme}`. The PEM has
 *   no trailing newline when the key came from a PEM file (`extract_pem`);
 *   a key object that already carries `keyid_hash_algorithms` (such as an
 *   ECDSA key from an in-toto-keygen JSON file, whose PEM keeps its newline)
 *   is hashed as it is.
 * - modern (securesystemslib `compute_default_keyid`, in-toto 3
 *   `--signing-key`/`--verification-keys`): `{keytype, keyval: {public},
 *   scheme}` with the PEM ending in a newline.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { canonicalBytes } from "../json/canonical.ts";
import type { JsonObject } from "../json/parse.ts";
import type { KeyidFlavour, PublicKey } from "./key.ts";

/** The `keyid_hash_algorithms` every legacy key carries. */
export const LEGACY_HASH_ALGORITHMS: readonly string[] = ["sha256", "sha512"];

function isPem(value: string): boolean {
  return value.startsWith("-----BEGIN ");
}

/**
 * The sha256 hex of the canonical JSON of a key object, as it is.
 *
 * @param object The key object, without `keyid`.
 * @returns 64 hex characters.
 */
export function hashKeyObject(object: JsonObject): string {
  return createHash("sha256").update(canonicalBytes(object)).digest("hex");
}

/**
 * The key object a flavour hashes.
 *
 * @param key The key.
 * @param flavour Which formula.
 * @returns The object (no `keyid`).
 */
export function keyObjectOf(
  key: Omit<PublicKey, "keyid">,
  flavour: KeyidFlavour,
): JsonObject {
  const material = key.keyval.public;
  if (flavour === "legacy") {
    const given = key.keyid_hash_algorithms;
    const stripped = isPem(material) && given === undefined
      ? material.replace(/\n$/, "")
      : material;
    return {
      keyid_hash_algorithms: [...(given ?? LEGACY_HASH_ALGORITHMS)],
      keytype: key.keytype,
      keyval: { public: stripped },
      scheme: key.scheme,
    };
  }
  const pem = isPem(material) && !material.endsWith("\n")
    ? `${material}\n`
    : material;
  return { keytype: key.keytype, keyval: { public: pem }, scheme: key.scheme };
}

/**
 * Computes a key's keyid in one flavour.
 *
 * @param key The key (its own `keyid`, if any, is ignored).
 * @param flavour `legacy` or `modern`.
 * @returns 64 lowercase hex characters.
 *
 * @example Usage
 * ```ts
 * import { computeKeyid } from "./keyid.ts";
 * import assert from "node:assert/strict";
 * const key = { keytype: "ed25519", scheme: "ed25519", keyval: { public: "00".repeat(32) } };
 * assert.match(computeKeyid(key, "modern"), /^[0-9a-f]{64}$/);
 * assert.notEqual(computeKeyid(key, "modern"), computeKeyid(key, "legacy"));
 * ```
 */
export function computeKeyid(
  key: Omit<PublicKey, "keyid">,
  flavour: KeyidFlavour,
): string {
  return hashKeyObject(keyObjectOf(key, flavour));
}

/**
 * Both keyids of a key, to match signatures labelled with either.
 *
 * @param key The key.
 * @returns `{legacy, modern}`.
 */
export function keyidsOf(
  key: Omit<PublicKey, "keyid">,
): { legacy: string; modern: string } {
  return {
    legacy: computeKeyid(key, "legacy"),
    modern: computeKeyid(key, "modern"),
  };
}

/**
 * Returns the key in one flavour: the fields and keyid that flavour uses.
 *
 * @param key The key.
 * @param flavour `legacy` or `modern`.
 * @returns A new key object.
 */
export function withFlavour(
  key: Omit<PublicKey, "keyid">,
  flavour: KeyidFlavour,
): PublicKey {
  const object = keyObjectOf(key, flavour) as unknown as Omit<
    PublicKey,
    "keyid"
  >;
  return { keyid: hashKeyObject(object as unknown as JsonObject), ...object };
}
