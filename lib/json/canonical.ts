// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * securesystemslib's OLPC canonical JSON, byte for byte as the Python
 * reference writes it: the bytes that signatures and keyids are computed
 * over. Object keys sort by Unicode code point (`code_point_order.ts`).
 * `python.ts` writes the files' layout; `canonical_member.ts` reads the
 * canonical bytes of a member out of a file without parsing it.
 *
 * @module
 */

import { checkNumber, JsonWriter } from "./_writer.ts";
import { sortedKeys } from "./code_point_order.ts";
import type { JsonValue } from "./parse.ts";

/**
 * Writes `value`. An object's keys are listed once and sorted only when
 * they are not in code point order already (`sortedKeys`): every object
 * intoto records or parses from a file in-toto wrote already is, such as
 * an artifact map of 100,000 names.
 */
function writeCanonical(writer: JsonWriter, value: JsonValue): void {
  if (typeof value === "string") writer.canonicalString(value);
  else if (value === null) writer.ascii("null");
  else if (value === true) writer.ascii("true");
  else if (value === false) writer.ascii("false");
  else if (typeof value === "number") writer.ascii(checkNumber(value));
  else if (Array.isArray(value)) {
    writer.byte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) writer.byte(0x2c);
      writeCanonical(writer, value[i]!);
    }
    writer.byte(0x5d);
  } else {
    const keys = sortedKeys(value);
    writer.byte(0x7b);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0) writer.byte(0x2c);
      writer.canonicalString(key);
      writer.byte(0x3a);
      writeCanonical(writer, value[key]!);
    }
    writer.byte(0x7d);
  }
}

/**
 * Encodes `value` as securesystemslib's canonical JSON: no whitespace, keys
 * sorted by code point, only `\` and `"` escaped, integers only.
 *
 * @param value A JSON value.
 * @returns The canonical text.
 * @throws {IntotoError} `INVALID_METADATA` for non-integer numbers or lone
 * surrogates.
 *
 * @example Usage
 * ```ts
 * import { encodeCanonical } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * assert.equal(encodeCanonical({ b: "x\ny", a: 1 }), '{"a":1,"b":"x\ny"}');
 * ```
 */
export function encodeCanonical(value: JsonValue): string {
  const writer = new JsonWriter();
  writeCanonical(writer, value);
  return writer.text();
}

/**
 * The UTF-8 bytes of {@linkcode encodeCanonical}: what signatures cover.
 *
 * @param value A JSON value.
 * @returns The canonical bytes.
 * @throws {IntotoError} As {@linkcode encodeCanonical}.
 */
export function canonicalBytes(value: JsonValue): Uint8Array {
  const writer = new JsonWriter();
  writeCanonical(writer, value);
  return writer.bytes();
}
