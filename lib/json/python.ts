// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Python's `json.dumps(sort_keys=True)` with its `indent` and `separators`:
 * the layout of the files the reference writes, byte for byte.
 *
 * @module
 */

import { checkNumber, encoder, grow, JsonWriter } from "./_writer.ts";
import { sortedKeys } from "./code_point_order.ts";
import type { JsonValue } from "./parse.ts";

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
 * import { formatPythonJson } from "./python.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPythonJson({ b: ["é"], a: 1 }), '{"a": 1, "b": ["\\u00e9"]}');
 * ```
 */
export function formatPythonJson(
  value: JsonValue,
  options: PythonJsonOptions = {},
): string {
  const indent = options.indent;
  const [itemSeparator, keySeparator] = (options.separators ??
    (indent === undefined ? [", ", ": "] : [",", ": "])).map((separator) =>
      encoder.encode(separator)
    ) as [Uint8Array, Uint8Array];
  const writer = new JsonWriter();
  // Line breaks and indentation by depth, made once each.
  const breaks: string[] = [];
  const newline = (depth: number): void => {
    if (indent !== undefined) {
      writer.ascii(breaks[depth] ??= "\n" + " ".repeat(indent * depth));
    }
  };
  const write = (item: JsonValue, depth: number): void => {
    if (typeof item === "string") writer.pythonString(item);
    else if (item === null) writer.ascii("null");
    else if (item === true) writer.ascii("true");
    else if (item === false) writer.ascii("false");
    else if (typeof item === "number") writer.ascii(checkNumber(item));
    else if (Array.isArray(item)) {
      if (item.length === 0) return writer.ascii("[]");
      writer.byte(0x5b);
      for (let i = 0; i < item.length; i++) {
        if (i > 0) writer.raw(itemSeparator);
        newline(depth + 1);
        write(item[i]!, depth + 1);
      }
      newline(depth);
      writer.byte(0x5d);
    } else {
      const keys = sortedKeys(item);
      if (keys.length === 0) return writer.ascii("{}");
      writer.byte(0x7b);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0) writer.raw(itemSeparator);
        newline(depth + 1);
        writer.pythonString(key);
        writer.raw(keySeparator);
        write(item[key]!, depth + 1);
      }
      newline(depth);
      writer.byte(0x7d);
    }
  };
  write(value, 0);
  return writer.text();
}

/** Options of {@linkcode indentCanonical}. */
export interface IndentCanonicalOptions {
  /** Spaces per level. */
  indent: number;
  /** The depth the value is nested at in the enclosing text (default 0). */
  depth?: number;
  /**
   * Bytes left free before the text, for the enclosing text (default 0):
   * the text then starts at this offset of the result.
   */
  before?: number;
  /** Bytes left free after the text, at the end of the result (default 0). */
  after?: number;
}

/**
 * {@linkcode formatPythonJson} with `indent`, computed from the canonical
 * bytes of the same value instead of the value: a single pass over bytes,
 * valid because both forms list keys in code point order and escape `"`
 * and `\` alike. Only strings of printable ASCII qualify (Python escapes
 * everything else differently).
 *
 * @param bytes The value's {@linkcode canonicalBytes}.
 * @param options Indent, the depth lines are indented from, and room to
 * leave around the text, so that the enclosing text can be written around
 * it without copying it.
 * @returns The text's bytes (ASCII) with the room around them, or undefined
 * when a string holds a byte outside printable ASCII (then use
 * {@linkcode formatPythonJson}).
 *
 * @example Usage
 * ```ts
 * import { canonicalBytes } from "./canonical.ts";
import { indentCanonical } from "./python.ts";
 * import assert from "node:assert/strict";
 * const value = { b: [1, "x"], a: {} };
 * assert.equal(
 *   new TextDecoder().decode(indentCanonical(canonicalBytes(value), { indent: 1 })),
 *   '{\n "a": {},\n "b": [\n  1,\n  "x"\n ]\n}',
 * );
 * assert.equal(indentCanonical(canonicalBytes(["é"]), { indent: 1 }), undefined);
 * ```
 */
export function indentCanonical(
  bytes: Uint8Array,
  options: IndentCanonicalOptions,
): Uint8Array | undefined {
  const { indent, before = 0, after = 0 } = options;
  let depth = options.depth ?? 0;
  const length = bytes.length;
  let out = new Uint8Array(before + length * 2 + 64 + after);
  let at = before;
  // One pass, copying byte by byte: no subarrays or closures in the loop.
  for (let i = 0; i < length; i++) {
    const code = bytes[i]!;
    if (code === 0x22) {
      // Copy the string as it is: canonical and Python JSON both write
      // printable ASCII raw, with `\"` and `\\` as the only escapes.
      out[at++] = code;
      for (i++; i < length; i++) {
        const char = bytes[i]!;
        if (char < 0x20 || char > 0x7e) return undefined;
        out[at++] = char;
        if (char === 0x5c) out[at++] = bytes[++i]!;
        else if (char === 0x22) break;
      }
      continue;
    }
    if (code === 0x3a) {
      out[at++] = code;
      out[at++] = 0x20;
      continue;
    }
    const closing = code === 0x7d || code === 0x5d;
    if (closing) {
      depth--;
    } else {
      out[at++] = code;
      if (code === 0x2c) {
        // A line break follows.
      } else if (code === 0x7b || code === 0x5b) {
        if (bytes[i + 1] === code + 2) {
          // An empty object or array stays on one line.
          out[at++] = code + 2;
          i++;
          continue;
        }
        depth++;
      } else {
        continue;
      }
    }
    // A line break and the indentation, keeping room for the rest at two
    // bytes per byte.
    const spaces = indent * depth;
    const needed = at + 2 + spaces + 2 * (length - i) + after;
    if (needed > out.length) out = grow(out, needed * 2);
    out[at++] = 0x0a;
    for (let space = 0; space < spaces; space++) out[at++] = 0x20;
    if (closing) out[at++] = code;
  }
  // A view, not a trimmed copy: the text is often megabytes.
  return out.subarray(0, at + after);
}
