// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The two JSON writers in-toto needs, byte for byte as the Python reference:
 *
 * - {@linkcode encodeCanonical}: securesystemslib's OLPC canonical JSON, the
 *   bytes that signatures and keyids are computed over;
 * - {@linkcode formatPythonJson}: Python's `json.dumps(sort_keys=True)` with
 *   its `indent` and `separators`, the layout of the files the reference
 *   writes.
 *
 * Both sort object keys by Unicode code point, as Python does, not by
 * UTF-16 unit as `Array.prototype.sort` does.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { JsonValue } from "./json.ts";

const encoder = new TextEncoder();

/**
 * Compares two strings by Unicode code point.
 *
 * @param a A string.
 * @param b Another string.
 * @returns Negative, zero or positive, as for `Array.prototype.sort`.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800-0xDFFF) stands for a code point above 0xFFFF, which
    // sorts after every BMP character, including 0xE000-0xFFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Returns the keys of `object` sorted by code point.
 *
 * @param object Any object.
 * @returns Its own enumerable keys, sorted.
 */
export function sortedKeys(object: object): string[] {
  return Object.keys(object).sort(compareCodePoints);
}

function checkString(value: string): string {
  if (!value.isWellFormed()) {
    throw new IntotoError(
      "INVALID_METADATA",
      "Cannot encode string: it holds a lone surrogate",
    );
  }
  return value;
}

function canonicalString(value: string): string {
  return `"${checkString(value).replace(/[\\"]/g, "\\$&")}"`;
}

function canonicalParts(value: JsonValue, out: string[]): void {
  if (value === null) out.push("null");
  else if (value === true) out.push("true");
  else if (value === false) out.push("false");
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new IntotoError(
        "INVALID_METADATA",
        `Cannot encode number "${value}": only integers are allowed`,
      );
    }
    out.push(String(value));
  } else if (typeof value === "string") out.push(canonicalString(value));
  else if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item, index) => {
      if (index > 0) out.push(",");
      canonicalParts(item, out);
    });
    out.push("]");
  } else {
    out.push("{");
    sortedKeys(value).forEach((key, index) => {
      if (index > 0) out.push(",");
      out.push(canonicalString(key), ":");
      canonicalParts(value[key] as JsonValue, out);
    });
    out.push("}");
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
  const out: string[] = [];
  canonicalParts(value, out);
  return out.join("");
}

/**
 * The UTF-8 bytes of {@linkcode encodeCanonical}: what signatures cover.
 *
 * @param value A JSON value.
 * @returns The canonical bytes.
 */
export function canonicalBytes(value: JsonValue): Uint8Array {
  return encoder.encode(encodeCanonical(value));
}

const PYTHON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** Characters Python's `json.dumps` escapes with `ensure_ascii`. */
// deno-lint-ignore no-control-regex
const PYTHON_ESCAPED = /[\u0000-\u001f"\\\u007f-\uffff]/g;

function pythonString(value: string): string {
  return `"${
    checkString(value).replace(PYTHON_ESCAPED, (char) =>
      PYTHON_ESCAPES[char] ??
        `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
  }"`;
}

/** Layout options for {@linkcode formatPythonJson}. */
export interface PythonJsonOptions {
  /** Spaces per level; omit for a single line, as `indent=None`. */
  indent?: number;
  /** Python's `separators`; defaults to `[", ", ": "]` as `json.dumps`. */
  separators?: [string, string];
}

/**
 * Formats `value` as Python's `json.dumps(value, sort_keys=True, ...)` with
 * `ensure_ascii` on: in-toto writes metadata files with `indent=1,
 * separators=(",", ": ")`, and DSSE payloads with the defaults.
 *
 * @param value A JSON value.
 * @param options Indent and separators.
 * @returns The text Python would write.
 *
 * @example Usage
 * ```ts
 * import { formatPythonJson } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPythonJson({ b: ["é"], a: 1 }), '{"a": 1, "b": ["\\u00e9"]}');
 * ```
 */
export function formatPythonJson(
  value: JsonValue,
  options: PythonJsonOptions = {},
): string {
  const indent = options.indent;
  const [itemSeparator, keySeparator] = options.separators ??
    (indent === undefined ? [", ", ": "] : [",", ": "]);
  const format = (item: JsonValue, depth: number): string => {
    if (item === null || typeof item !== "object") {
      return typeof item === "string"
        ? pythonString(item)
        : encodeCanonical(item);
    }
    const entries = Array.isArray(item)
      ? item.map((child) => format(child, depth + 1))
      : sortedKeys(item).map((key) =>
        pythonString(key) + keySeparator +
        format(item[key] as JsonValue, depth + 1)
      );
    const [open, close] = Array.isArray(item) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) return open + close;
    if (indent === undefined) return open + entries.join(itemSeparator) + close;
    const inner = "\n" + " ".repeat(indent * (depth + 1));
    const outer = "\n" + " ".repeat(indent * depth);
    return open + inner + entries.join(itemSeparator + inner) + outer + close;
  };
  return format(value, 0);
}
