// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The signature schemes intoto supports, as securesystemslib names them, and
 * which key types and curves each one fits.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { Curve, KeyType, PublicKeyInfo } from "./pkcs.ts";

/** A Web Crypto hash name. */
export type HashName = "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512";

/** What a scheme means. */
export interface SchemeInfo {
  /** The key type it needs. */
  type: KeyType;
  /** The message digest (unused for Ed25519). */
  hash: HashName;
  /** RSA padding. */
  padding?: "pss" | "pkcs1v15";
  /** The curve an ECDSA scheme requires. */
  curve?: Curve;
}

const RSA_HASHES: HashName[] = ["SHA-224", "SHA-256", "SHA-384", "SHA-512"];

const SCHEMES: ReadonlyMap<string, SchemeInfo> = new Map<string, SchemeInfo>([
  ...RSA_HASHES.flatMap((hash): [string, SchemeInfo][] => {
    const suffix = hash.toLowerCase().replace("-", "");
    return [
      [`rsassa-pss-${suffix}`, { type: "rsa", hash, padding: "pss" }],
      [`rsa-pkcs1v15-${suffix}`, { type: "rsa", hash, padding: "pkcs1v15" }],
    ];
  }),
  ["ecdsa-sha2-nistp256", { type: "ecdsa", hash: "SHA-256", curve: "P-256" }],
  ["ecdsa-sha2-nistp384", { type: "ecdsa", hash: "SHA-384", curve: "P-384" }],
  ["ecdsa-sha2-nistp521", { type: "ecdsa", hash: "SHA-512", curve: "P-521" }],
  ["ed25519", { type: "ed25519", hash: "SHA-512" }],
]);

/** The `keytype` values accepted for each key type (legacy ECDSA repeats the scheme). */
const KEYTYPES: ReadonlyMap<string, KeyType> = new Map<string, KeyType>([
  ["rsa", "rsa"],
  ["ed25519", "ed25519"],
  ["ecdsa", "ecdsa"],
  ["ecdsa-sha2-nistp256", "ecdsa"],
  ["ecdsa-sha2-nistp384", "ecdsa"],
  ["ecdsa-sha2-nistp521", "ecdsa"],
]);

/**
 * Every supported scheme name.
 *
 * @returns The names, sorted.
 */
export function supportedSchemes(): string[] {
  return [...SCHEMES.keys()].sort();
}

/**
 * Looks a scheme up, checking that it fits the `keytype` and the key.
 *
 * @param scheme The scheme name, such as `rsassa-pss-sha256`.
 * @param keytype The key object's `keytype`.
 * @param key The parsed public key, when known.
 * @returns What the scheme means.
 * @throws {IntotoError} `INVALID_KEY` for an unknown scheme or keytype, or a
 * mismatch between scheme, keytype, key type and curve.
 */
export function resolveScheme(
  scheme: string,
  keytype: string,
  key?: PublicKeyInfo,
): SchemeInfo {
  const info = SCHEMES.get(scheme);
  if (!info) {
    throw new IntotoError(
      "INVALID_KEY",
      `unsupported signature scheme "${scheme}": use one of ${
        supportedSchemes().join(", ")
      }`,
    );
  }
  const type = KEYTYPES.get(keytype);
  if (!type) {
    throw new IntotoError("INVALID_KEY", `unsupported keytype "${keytype}"`);
  }
  if (
    type !== info.type || (type === "ecdsa" && keytype !== "ecdsa" &&
      keytype !== scheme)
  ) {
    throw new IntotoError(
      "INVALID_KEY",
      `scheme "${scheme}" does not fit keytype "${keytype}"`,
    );
  }
  if (key && key.type !== type) {
    throw new IntotoError(
      "INVALID_KEY",
      `keytype "${keytype}" does not fit the ${key.type} key it holds`,
    );
  }
  if (key && info.curve && key.curve !== info.curve) {
    throw new IntotoError(
      "INVALID_KEY",
      `scheme "${scheme}" needs a ${info.curve} key, not ${key.curve}`,
    );
  }
  return info;
}

/**
 * The scheme in-toto uses by default for a key.
 *
 * @param key The parsed key.
 * @returns `rsassa-pss-sha256`, `ecdsa-sha2-nistp256/384/521` or `ed25519`.
 */
export function defaultScheme(key: PublicKeyInfo): string {
  switch (key.type) {
    case "rsa":
      return "rsassa-pss-sha256";
    case "ed25519":
      return "ed25519";
    case "ecdsa":
      return `ecdsa-sha2-nistp${key.curve!.slice(2)}`;
  }
}
