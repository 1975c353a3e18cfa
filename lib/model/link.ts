// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The link: a functionary's signed record of one step (spec §4.4).
 *
 * @module
 */

import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";
import { artifactNames } from "./artifact_names.ts";
import {
  childPath,
  MetadataChecker,
  type ValidateOptions,
} from "./validate.ts";

/** Hashes of one artifact by algorithm, such as `{sha256: "ab12..."}`. */
export type DigestSet = Record<string, string>;

/**
 * Artifacts by relative POSIX path. Plain objects: look names up with
 * `Object.hasOwn`, since a name like `__proto__` or `constructor` is data.
 */
export type ArtifactMap = Record<string, DigestSet>;

/** A link's signed content. */
export interface Link {
  /** Always `link`. */
  _type: "link";
  /** Must equal the name of the step it is evidence for. */
  name: string;
  /** The command that was run, with its arguments; empty for none. */
  command: string[];
  /** The files recorded before the command, by name. */
  materials: ArtifactMap;
  /** The files recorded after the command, by name. */
  products: ArtifactMap;
  /** `stdout`, `stderr`, `return-value` as recorded. */
  byproducts: JsonObject;
  /**
   * Facts about where the step ran: the tools record `{}` (the reference's
   * API may add `workdir`).
   */
  environment: JsonObject;
}

/**
 * Whether two digest sets are identical and non-empty: in-toto's dict
 * equality, failing closed on `{}` (attack catalogue A4).
 *
 * @param left One digest set.
 * @param right The other.
 * @returns True when both hold the same algorithms with the same values.
 *
 * @example Usage
 * ```ts
 * import { sameDigests } from "./link.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sameDigests({ sha256: "ab" }, { sha256: "ab" }), true);
 * assert.equal(sameDigests({}, {}), false);
 * assert.equal(sameDigests({ sha256: "ab", sha512: "cd" }, { sha512: "cd" }), false);
 * ```
 */
export function sameDigests(left: DigestSet, right: DigestSet): boolean {
  // for-in loops: no key arrays for each of 100,000 artifacts.
  let count = 0;
  for (const algorithm in left) {
    if (!Object.hasOwn(left, algorithm)) continue;
    count++;
    if (
      !Object.hasOwn(right, algorithm) || left[algorithm] !== right[algorithm]
    ) {
      return false;
    }
  }
  if (count === 0) return false;
  for (const algorithm in right) {
    if (Object.hasOwn(right, algorithm)) count--;
  }
  return count === 0;
}

const LINK_FIELDS = [
  "name",
  "command",
  "materials",
  "products",
  "byproducts",
  "environment",
] as const;

/** Hex lengths of the digests whose length we know. */
const DIGEST_LENGTHS: Readonly<Record<string, number>> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** 1 for the characters of hex digits, either case, by character code. */
const HEX_DIGITS = new Uint8Array(128);
for (const char of "0123456789abcdefABCDEF") HEX_DIGITS[char.charCodeAt(0)] = 1;

/** Whether `text` is non-empty hex, either case. */
function isHex(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (HEX_DIGITS[text.charCodeAt(i)] !== 1) return false;
  }
  return true;
}

/**
 * Checks an artifact map in place and returns it: field paths are only
 * built for the message of a failure, since a link may list 100,000
 * artifacts.
 */
function checkArtifacts(
  checker: MetadataChecker,
  value: JsonValue | undefined,
  path: string,
): ArtifactMap {
  const artifacts = checker.object(value, path);
  for (const name of artifactNames(artifacts)) {
    if (name === "") {
      checker.fail(childPath(path, name), "an artifact name is empty");
    }
    const entry = artifacts[name];
    const set = isJsonObject(entry)
      ? entry
      : checker.object(entry, childPath(path, name));
    let count = 0;
    // for-in walks the digest set without allocating a key array.
    for (const algorithm in set) {
      if (!Object.hasOwn(set, algorithm)) continue;
      count++;
      const digest = set[algorithm];
      const length = Object.hasOwn(DIGEST_LENGTHS, algorithm)
        ? DIGEST_LENGTHS[algorithm]
        : undefined;
      if (
        typeof digest !== "string" || algorithm === "" || !isHex(digest) ||
        (length !== undefined && digest.length !== length)
      ) {
        const digestPath = childPath(childPath(path, name), algorithm);
        const hex = checker.string(digest, digestPath);
        checker.fail(
          digestPath,
          `expected a ${algorithm} digest in hex, got "${hex.slice(0, 140)}"`,
        );
      }
    }
    if (count === 0) {
      checker.fail(childPath(path, name), "the digest set is empty");
    }
  }
  return artifacts as ArtifactMap;
}

/**
 * Validates the signed content of a link, strictly: `_type` exactly
 * `"link"`, every field present (every writer, in-toto 1.3.1 and
 * in-toto-golang, writes all of them) with the right JSON type, digest sets
 * non-empty with hex values, the name safe as a file name. Fields the spec
 * does not define stay covered by the signature and are reported in
 * `options.warnings`.
 *
 * @param value The parsed `signed` object or DSSE payload.
 * @param options The file name for messages, the warnings sink.
 * @returns The typed link, sharing the objects of `value`.
 * @throws {IntotoError} `INVALID_METADATA` naming the field, such as
 * `materials["foo.py"].sha256`.
 *
 * @example Usage
 * ```ts
 * import { validateLink } from "./link.ts";
 * import assert from "node:assert/strict";
 * const link = validateLink({
 *   _type: "link", name: "build", command: ["make"], materials: {},
 *   products: {}, byproducts: {}, environment: {},
 * });
 * assert.equal(link.name, "build");
 * assert.throws(() => validateLink({ _type: "link", name: "build" }));
 * ```
 */
export function validateLink(
  value: JsonValue,
  options: ValidateOptions = {},
): Link {
  const checker: MetadataChecker = new MetadataChecker("link", options);
  const object = checker.object(value, "");
  checker.fields(object, "", { type: "link", required: LINK_FIELDS });
  const byproducts = checker.object(object.byproducts, "byproducts");
  for (const stream of ["stdout", "stderr"]) {
    if (Object.hasOwn(byproducts, stream)) {
      checker.string(byproducts[stream], childPath("byproducts", stream), true);
    }
  }
  if (Object.hasOwn(byproducts, "return-value")) {
    checker.integer(
      byproducts["return-value"],
      childPath("byproducts", "return-value"),
    );
  }
  return {
    _type: "link",
    name: checker.name(object.name, "name"),
    command: checker.strings(object.command, "command"),
    materials: checkArtifacts(checker, object.materials, "materials"),
    products: checkArtifacts(checker, object.products, "products"),
    byproducts,
    environment: checker.object(object.environment, "environment"),
  };
}

/**
 * The JSON object of a link, to sign or write.
 *
 * @param link A link.
 * @returns Its fields as a JSON object (sharing the link's values).
 */
export function linkToJson(link: Link): JsonObject {
  return {
    _type: link._type,
    name: link.name,
    command: link.command,
    materials: link.materials,
    products: link.products,
    byproducts: link.byproducts,
    environment: link.environment,
  };
}
