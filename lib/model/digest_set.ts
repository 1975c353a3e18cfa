// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * DigestSet of the in-toto Attestation Framework v1: validation of the
 * algorithm names and values, and a fail-closed match of two sets.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { DigestSet } from "./link.ts";
import { isJsonObject, type JsonValue, setOwn } from "../json/parse.ts";
import { field, invalid } from "./_fields.ts";

export type { DigestSet };

/**
 * Hex lengths of the algorithms the attestation spec names, by name as
 * spelled in the spec (`digest_set.md`); `0` means "any even length".
 */
const HEX_LENGTHS: ReadonlyMap<string, readonly number[]> = new Map<
  string,
  readonly number[]
>([
  ["sha224", [56]],
  ["sha256", [64]],
  ["sha384", [96]],
  ["sha512", [128]],
  ["sha512_224", [56]],
  ["sha512_256", [64]],
  ["sha3_224", [56]],
  ["sha3_256", [64]],
  ["sha3_384", [96]],
  ["sha3_512", [128]],
  ["shake128", [0]],
  ["shake256", [0]],
  ["blake2b", [0]],
  ["blake2s", [0]],
  ["ripemd160", [40]],
  ["sm3", [64]],
  ["gost", [0]],
  ["sha1", [40]],
  ["md5", [32]],
  ["dirHash", [64]],
  ["dirHash1", [64]],
  ["gitCommit", [40, 64]],
  ["gitTree", [40, 64]],
  ["gitBlob", [40, 64]],
  ["gitTag", [40, 64]],
]);

/** The known algorithm names, spelled as the spec spells them. */
export const KNOWN_DIGEST_ALGORITHMS: ReadonlySet<string> = new Set(
  HEX_LENGTHS.keys(),
);

/**
 * The algorithms {@linkcode digestSetsMatch} relies on by default: every
 * known one except `md5` and `sha1`, which lack collision resistance.
 */
export const ACCEPTED_DIGEST_ALGORITHMS: ReadonlySet<string> = new Set(
  [...HEX_LENGTHS.keys()].filter((name) => name !== "md5" && name !== "sha1"),
);

/** Most algorithms one digest set may carry (sigstore-go uses 32). */
export const MAX_DIGESTS_PER_SET = 32;

const LOWER_HEX = /^(?:[0-9a-f]{2})+$/;
const LOWER_BY_NAME: ReadonlyMap<string, string> = new Map(
  [...HEX_LENGTHS.keys()].map((name) => [name.toLowerCase(), name]),
);

/**
 * Validates a DigestSet: a non-empty object of at most
 * {@linkcode MAX_DIGESTS_PER_SET} string values. Known algorithms must be
 * spelled exactly as in the spec (`sha256`, `gitCommit`; `SHA256` is
 * rejected) and carry lowercase hex of the algorithm's length. Unknown
 * algorithms are kept (they are ignored when matching) but need a non-empty
 * string value.
 *
 * @param value The parsed JSON value.
 * @param where What and where the value is, for messages, such as
 * `statement "a.json": subject[0].digest`.
 * @returns The digest set, as a fresh plain object.
 * @throws {IntotoError} `INVALID_METADATA` naming `where`, or
 * `LIMIT_EXCEEDED` for too many algorithms.
 *
 * @example Usage
 * ```ts
 * import { validateDigestSet } from "./digest_set.ts";
 * import assert from "node:assert/strict";
 * const hex = "ab".repeat(32);
 * assert.deepEqual(validateDigestSet({ sha256: hex }, "digest"), { sha256: hex });
 * assert.throws(() => validateDigestSet({ sha256: hex.toUpperCase() }, "digest"));
 * ```
 */
export function validateDigestSet(value: JsonValue, where: string): DigestSet {
  if (!isJsonObject(value)) {
    throw invalid(where, "expected an object of algorithm to digest");
  }
  const names = Object.keys(value);
  if (names.length === 0) {
    throw invalid(where, "a digest set needs at least one digest");
  }
  if (names.length > MAX_DIGESTS_PER_SET) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Invalid ${where}: ${names.length} digests, more than the limit of ${MAX_DIGESTS_PER_SET}`,
    );
  }
  const result: DigestSet = {};
  for (const name of names) {
    const digest = value[name];
    if (typeof digest !== "string" || digest === "") {
      throw invalid(field(where, name), "expected a non-empty string");
    }
    checkAlgorithm(name, digest, where);
    setOwn(result, name, digest);
  }
  return result;
}

function checkAlgorithm(name: string, digest: string, where: string): void {
  const lengths = HEX_LENGTHS.get(name);
  if (lengths === undefined) {
    const known = LOWER_BY_NAME.get(name.toLowerCase());
    if (known !== undefined) {
      throw invalid(
        where,
        `algorithm "${name}" must be spelled "${known}"`,
      );
    }
    return;
  }
  const lengthOk = lengths.includes(0) || lengths.includes(digest.length);
  if (!LOWER_HEX.test(digest) || !lengthOk) {
    const expected = lengths.includes(0)
      ? "lowercase hex"
      : `${lengths.join(" or ")} lowercase hex characters`;
    throw invalid(field(where, name), `expected ${expected}`);
  }
}

/** Options for {@linkcode digestSetsMatch}. */
export interface DigestMatchOptions {
  /** Algorithms to rely on; default {@linkcode ACCEPTED_DIGEST_ALGORITHMS}. */
  algorithms?: ReadonlySet<string>;
}

/**
 * Whether two digest sets describe the same artifact: they share at least
 * one accepted algorithm, and every accepted algorithm they share agrees.
 * An empty set, or one with only unknown or weak algorithms, matches
 * nothing (attack catalogue A4).
 *
 * @param a One digest set.
 * @param b The other.
 * @param options The accepted algorithms.
 * @returns True when they match.
 *
 * @example Usage
 * ```ts
 * import { digestSetsMatch } from "./digest_set.ts";
 * import assert from "node:assert/strict";
 * const x = "ab".repeat(32);
 * const y = "cd".repeat(32);
 * assert.ok(digestSetsMatch({ sha256: x, sha512: y + y }, { sha256: x }));
 * assert.ok(!digestSetsMatch({ sha256: x, sha512: x + x }, { sha256: x, sha512: y + y }));
 * assert.ok(!digestSetsMatch({}, {}));
 * ```
 */
export function digestSetsMatch(
  a: DigestSet,
  b: DigestSet,
  options: DigestMatchOptions = {},
): boolean {
  const accepted = options.algorithms ?? ACCEPTED_DIGEST_ALGORITHMS;
  let shared = 0;
  for (const name of Object.keys(a)) {
    if (!accepted.has(name) || !Object.hasOwn(b, name)) continue;
    if (a[name] !== b[name]) return false;
    shared++;
  }
  return shared > 0;
}
