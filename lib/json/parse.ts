// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Strict JSON parsing for everything intoto loads.
 *
 * Unlike `JSON.parse` it rejects duplicate keys, numbers that are not
 * integers (`1.0`, `1e0`), integers beyond 2^53, and lone surrogates, and it
 * keeps a key like `__proto__` as plain data. Errors name the JSON path.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

/** A parsed JSON value: numbers are always safe integers. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | JsonObject;

/** A parsed JSON object. Look keys up with `Object.hasOwn`. */
export interface JsonObject {
  /** A member; its key may be `__proto__` or any other string. */
  [key: string]: JsonValue;
}

/** Options for {@linkcode parseJson}. */
export interface ParseJsonOptions {
  /** Name of the source, used in error messages (a file name). */
  source?: string;
  /** Deepest nesting accepted; default 256. */
  maxDepth?: number;
  /**
   * Most values accepted; default {@linkcode MAX_JSON_VALUES}. Bounds memory
   * before anything is built. The count is the objects and arrays plus the
   * separators between their items: within a factor of two of the exact
   * number of values, whatever the document.
   */
  maxValues?: number;
}

/**
 * The default bound on the values of one document: room for a link with
 * a million artifacts, each with a few digests, while a 256 MiB file of
 * `{},{},...` (90 million values) is refused before it is parsed.
 */
export const MAX_JSON_VALUES = 8_000_000;

function tooManyValues(source: string | undefined, max: number): IntotoError {
  return new IntotoError(
    "LIMIT_EXCEEDED",
    `Cannot parse ${
      describe(source)
    }: it holds more JSON values than the limit of ${max}`,
  );
}

/**
 * Whether `value` is a JSON object (not null, not an array).
 *
 * @param value A parsed value.
 * @returns True for objects.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Sets `object[key] = value` as an own, enumerable property, so that
 * `__proto__` stays data instead of changing the prototype.
 *
 * @param object The object to change.
 * @param key Any string.
 * @param value The value.
 */
export function setOwn<T>(
  object: Record<string, T>,
  key: string,
  value: T,
): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/**
 * Parses JSON text strictly.
 *
 * @param text The JSON text (a string, or UTF-8 bytes).
 * @param options Source name for messages, depth limit.
 * @returns The parsed value.
 * @throws {IntotoError} `INVALID_JSON`, naming the path and offset.
 *
 * @example Usage
 * ```ts
 * import { parseJson } from "./parse.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseJson('{"a":[1,true]}'), { a: [1, true] });
 * assert.throws(() => parseJson('{"a":1.0}'));
 * ```
 */
export function parseJson(
  text: string | Uint8Array,
  options: ParseJsonOptions = {},
): JsonValue {
  const source = typeof text === "string"
    ? text
    : decodeJsonText(text, options);
  return parseFast(source, options) ?? parseJsonStrict(source, options);
}

/**
 * The text of JSON bytes, as {@linkcode parseJson} reads them: for a caller
 * that lets go of large bytes before parsing their text, so that the bytes,
 * the text and the parsed value are not all held at once.
 *
 * @param bytes UTF-8 bytes (a byte order mark is kept, and refused by the
 * parser).
 * @param options The source name for the message.
 * @returns The text.
 * @throws {IntotoError} `INVALID_JSON` when the bytes are not valid UTF-8.
 *
 * @example Usage
 * ```ts
 * import { decodeJsonText } from "./parse.ts";
 * import assert from "node:assert/strict";
 * assert.equal(decodeJsonText(new Uint8Array([0x7b, 0x7d])), "{}");
 * assert.throws(() => decodeJsonText(new Uint8Array([0xff])), /UTF-8/);
 * ```
 */
export function decodeJsonText(
  bytes: Uint8Array,
  options: Pick<ParseJsonOptions, "source"> = {},
): string {
  // ASCII is valid UTF-8: no need for the slower checking decoder.
  if (isAscii(bytes)) return asciiDecoder.decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
      .decode(bytes);
  } catch {
    throw new IntotoError(
      "INVALID_JSON",
      `Cannot parse ${describe(options.source)}: not valid UTF-8`,
    );
  }
}

/**
 * The character-by-character strict parser behind {@linkcode parseJson}:
 * the same results and errors, slower. `parseJson` takes a native fast path
 * only when it provably agrees with this one; tests compare the two.
 *
 * @param text The JSON text.
 * @param options Source name for messages, depth limit.
 * @returns The parsed value.
 * @throws {IntotoError} `INVALID_JSON`, naming the path and offset.
 */
export function parseJsonStrict(
  text: string,
  options: ParseJsonOptions = {},
): JsonValue {
  return new Parser(text, options).parseDocument();
}

/**
 * The fast path: the native `JSON.parse`, accepted only when a scan of the
 * text proves the strict parser would return the same value. `JSON.parse`
 * checks the grammar; the scan rejects what it lets through (fractions,
 * exponents, integers beyond 2^53, `-0`, escaped surrogates, deep nesting)
 * and rules out duplicate keys, which `JSON.parse` would silently merge:
 * keys in strictly increasing order without escapes (as every in-toto
 * writer sorts them) cannot repeat; otherwise the parsed objects must hold
 * as many keys as the text names. Anything doubtful returns undefined, and
 * the strict parser decides and words the error.
 */
function parseFast(
  text: string,
  options: ParseJsonOptions,
): JsonValue | undefined {
  // The scan comes first: it bounds the values before JSON.parse builds them.
  const scan = scanJson(text, options);
  if (scan === undefined) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!scan.ordered && countKeys(value) !== scan.keys) return undefined;
  return value;
}

/** What {@linkcode scanJson} found. */
interface JsonScan {
  /** How many object keys the text holds. */
  keys: number;
  /**
   * Whether the keys of every object appear in strictly increasing code
   * point order, none with an escape: then no object repeats a key.
   */
  ordered: boolean;
}

/**
 * Scans the text before `JSON.parse` reads it. Returns undefined when the
 * text needs the strict parser (or is not JSON: `JSON.parse` then decides).
 *
 * @throws {IntotoError} `LIMIT_EXCEEDED` past `maxValues` values.
 */
function scanJson(
  text: string,
  options: ParseJsonOptions,
): JsonScan | undefined {
  const maxDepth = options.maxDepth ?? 256;
  const maxValues = options.maxValues ?? MAX_JSON_VALUES;
  // Raw lone surrogates can only come with string input; leave them out.
  if (!text.isWellFormed()) return undefined;
  const length = text.length;
  let backslash = text.indexOf("\\");
  let pos = 0;
  let depth = 0;
  let keys = 0;
  let values = 0;
  let ordered = true;
  // The last string seen: the key, when a ":" follows.
  let stringStart = 0;
  let stringEnd = 0;
  let stringEscaped = false;
  // The previous key of the object open at each depth (start -1: none).
  const keyStarts: number[] = [-1];
  const keyEnds: number[] = [-1];
  while (pos < length) {
    const code = text.charCodeAt(pos);
    if (code === 0x20 || code === 0x0a) {
      // The most common characters outside strings.
      pos++;
    } else if (code === 0x2c) {
      // One more element or member: count it against the bound.
      if (++values > maxValues) throw tooManyValues(options.source, maxValues);
      pos++;
    } else if (code === 0x22) {
      // A string: jump to its closing quote.
      stringStart = pos + 1;
      let end = text.indexOf('"', stringStart);
      if (end === -1) return undefined;
      stringEscaped = backslash !== -1 && backslash < end;
      if (stringEscaped) {
        end = scanEscapedString(text, stringStart);
        if (end === -1) return undefined;
        backslash = text.indexOf("\\", end);
      }
      stringEnd = end;
      pos = end + 1;
    } else if (code === 0x3a) {
      keys++;
      pos++;
      if (!ordered) continue;
      const previous = keyStarts[depth]!;
      if (
        stringEscaped || (previous !== -1 &&
          compareSpans(
              text,
              previous,
              keyEnds[depth]!,
              stringStart,
              stringEnd,
            ) >= 0)
      ) {
        ordered = false;
      }
      keyStarts[depth] = stringStart;
      keyEnds[depth] = stringEnd;
    } else if (code === 0x7b || code === 0x5b) {
      if (++values > maxValues) throw tooManyValues(options.source, maxValues);
      if (++depth >= maxDepth) return undefined;
      keyStarts[depth] = -1;
      pos++;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
      pos++;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      const start = pos;
      let end = pos + 1;
      for (; end < length; end++) {
        const next = text.charCodeAt(end);
        if (next < 0x30 || next > 0x39) break;
      }
      const next = text.charCodeAt(end);
      // A fraction or an exponent follows: the strict parser refuses it.
      if (next === 0x2e || next === 0x65 || next === 0x45) return undefined;
      const digits = end - start;
      if (
        (code === 0x2d &&
          (digits === 1 || text.charCodeAt(start + 1) === 0x30)) ||
        (digits > 15 && !Number.isSafeInteger(Number(text.slice(start, end))))
      ) {
        return undefined;
      }
      pos = end;
    } else {
      // Whitespace, ",", or the letters of true, false, null.
      pos++;
    }
  }
  return { keys, ordered };
}

/**
 * Compares `text[a, aEnd)` with `text[b, bEnd)` by code point, as
 * `compareCodePoints` does, without cutting the strings out.
 */
function compareSpans(
  text: string,
  a: number,
  aEnd: number,
  b: number,
  bEnd: number,
): number {
  const length = Math.min(aEnd - a, bEnd - b);
  for (let i = 0; i < length; i++) {
    const x = text.charCodeAt(a + i);
    const y = text.charCodeAt(b + i);
    if (x === y) continue;
    // A surrogate stands for a code point above every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return (aEnd - a) - (bEnd - b);
}

/**
 * Walks a string with escapes that starts at `pos` (after its quote).
 * Returns the index of its closing quote, or -1 when it escapes a
 * surrogate (left to the strict parser's lone surrogate check).
 */
function scanEscapedString(text: string, pos: number): number {
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === 0x22) return pos;
    if (Number.isNaN(code)) return -1; // Unterminated: not JSON.
    if (code === 0x5c) {
      if (text.charCodeAt(pos + 1) === 0x75) {
        const unit = parseInt(text.slice(pos + 2, pos + 6), 16);
        if (unit >= 0xd800 && unit <= 0xdfff) return -1;
        pos += 6;
      } else {
        pos += 2;
      }
    } else {
      pos++;
    }
  }
}

/** The number of keys of all objects in `value`. */
function countKeys(value: JsonValue): number {
  if (typeof value !== "object" || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === "object" && item !== null) count += countKeys(item);
    }
    return count;
  }
  for (const key in value) {
    count++;
    const item = value[key]!;
    if (typeof item === "object" && item !== null) count += countKeys(item);
  }
  return count;
}

const asciiDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Whether every byte is below 0x80, checked four bytes at a time. */
function isAscii(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes.byteOffset % 4 === 0) {
    const words = new Uint32Array(
      bytes.buffer,
      bytes.byteOffset,
      bytes.length >> 2,
    );
    for (; i < words.length; i++) {
      if ((words[i]! & 0x80808080) !== 0) return false;
    }
    i <<= 2;
  }
  for (; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) return false;
  }
  return true;
}

function describe(source: string | undefined): string {
  return source === undefined ? "JSON" : `"${source}"`;
}

/** A character for a message: `"x"` when printable ASCII, else `U+FEFF`. */
function describeCharacter(codePoint: number): string {
  return codePoint >= 0x20 && codePoint < 0x7f
    ? JSON.stringify(String.fromCharCode(codePoint))
    : `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const INTEGER = /-?(?:0|[1-9][0-9]*)/y;
const NUMBER_TAIL = /[.eE]/y;

class Parser {
  #text: string;
  #pos = 0;
  #path: string[] = [];
  #source: string | undefined;
  #maxDepth: number;
  #valuesLeft: number;
  #maxValues: number;

  constructor(text: string, options: ParseJsonOptions) {
    this.#text = text;
    this.#source = options.source;
    this.#maxDepth = options.maxDepth ?? 256;
    this.#maxValues = options.maxValues ?? MAX_JSON_VALUES;
    this.#valuesLeft = this.#maxValues;
  }

  parseDocument(): JsonValue {
    this.#skipWhitespace();
    const value = this.#parseValue();
    this.#skipWhitespace();
    if (this.#pos < this.#text.length) {
      this.#fail("unexpected data after the end");
    }
    return value;
  }

  #fail(detail: string): never {
    const path = this.#path.length ? ` at ${this.#path.join("")}` : "";
    throw new IntotoError(
      "INVALID_JSON",
      `Cannot parse ${
        describe(this.#source)
      }${path}: ${detail} (offset ${this.#pos})`,
    );
  }

  #skipWhitespace(): void {
    while (WHITESPACE.has(this.#text[this.#pos] ?? "")) this.#pos++;
  }

  #expect(literal: string): void {
    if (!this.#text.startsWith(literal, this.#pos)) {
      this.#fail(
        this.#pos >= this.#text.length
          ? "unexpected end of input"
          : `expected "${literal}"`,
      );
    }
    this.#pos += literal.length;
  }

  #parseValue(): JsonValue {
    if (--this.#valuesLeft < 0) {
      throw tooManyValues(this.#source, this.#maxValues);
    }
    const char = this.#text[this.#pos];
    switch (char) {
      case "{":
        return this.#parseObject();
      case "[":
        return this.#parseArray();
      case '"':
        return this.#parseString();
      case "t":
        this.#expect("true");
        return true;
      case "f":
        this.#expect("false");
        return false;
      case "n":
        this.#expect("null");
        return null;
      case undefined:
        return this.#fail("unexpected end of input");
      default:
        return this.#parseNumber();
    }
  }

  #enter(): void {
    if (this.#path.length >= this.#maxDepth) {
      this.#fail(`nested deeper than ${this.#maxDepth} levels`);
    }
  }

  #parseObject(): JsonObject {
    this.#enter();
    this.#pos++;
    const object: JsonObject = {};
    this.#skipWhitespace();
    if (this.#text[this.#pos] === "}") {
      this.#pos++;
      return object;
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.#text[this.#pos] !== '"') this.#fail("expected a string key");
      const key = this.#parseString();
      if (Object.hasOwn(object, key)) this.#fail(`duplicate key "${key}"`);
      this.#skipWhitespace();
      this.#expect(":");
      this.#skipWhitespace();
      this.#path.push(formatPathKey(key, this.#path.length === 0));
      setOwn(object, key, this.#parseValue());
      this.#path.pop();
      this.#skipWhitespace();
      const next = this.#text[this.#pos++];
      if (next === "}") return object;
      if (next !== ",") {
        this.#pos--;
        this.#fail('expected "," or "}"');
      }
    }
  }

  #parseArray(): JsonValue[] {
    this.#enter();
    this.#pos++;
    const array: JsonValue[] = [];
    this.#skipWhitespace();
    if (this.#text[this.#pos] === "]") {
      this.#pos++;
      return array;
    }
    for (;;) {
      this.#skipWhitespace();
      this.#path.push(`[${array.length}]`);
      array.push(this.#parseValue());
      this.#path.pop();
      this.#skipWhitespace();
      const next = this.#text[this.#pos++];
      if (next === "]") return array;
      if (next !== ",") {
        this.#pos--;
        this.#fail('expected "," or "]"');
      }
    }
  }

  #parseString(): string {
    const text = this.#text;
    let pos = this.#pos + 1;
    let result = "";
    let chunkStart = pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (Number.isNaN(code)) {
        this.#pos = pos;
        this.#fail("unterminated string");
      }
      if (code === 0x22) break;
      if (code < 0x20) {
        this.#pos = pos;
        this.#fail("control character in string");
      }
      if (code === 0x5c) {
        result += text.slice(chunkStart, pos);
        const escape = text[pos + 1] ?? "";
        if (escape === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.#pos = pos;
            this.#fail("bad \\u escape");
          }
          result += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else {
          const replacement = ESCAPES[escape];
          if (replacement === undefined || !Object.hasOwn(ESCAPES, escape)) {
            this.#pos = pos;
            this.#fail(`bad escape "\\${escape}"`);
          }
          result += replacement;
          pos += 2;
        }
        chunkStart = pos;
        continue;
      }
      pos++;
    }
    result += text.slice(chunkStart, pos);
    if (!result.isWellFormed()) {
      this.#fail("string holds a lone surrogate");
    }
    this.#pos = pos + 1;
    return result;
  }

  #parseNumber(): number {
    INTEGER.lastIndex = this.#pos;
    const match = INTEGER.exec(this.#text);
    if (!match) {
      const char = this.#text.codePointAt(this.#pos)!;
      this.#fail(`unexpected character ${describeCharacter(char)}`);
    }
    const end = this.#pos + match[0].length;
    NUMBER_TAIL.lastIndex = end;
    if (NUMBER_TAIL.test(this.#text)) {
      this.#fail("only integers are allowed, not fractions or exponents");
    }
    const value = Number(match[0]);
    if (!Number.isSafeInteger(value)) {
      this.#fail(`integer "${match[0]}" is beyond 2^53`);
    }
    this.#pos = end;
    return value === 0 ? 0 : value;
  }
}

function formatPathKey(key: string, first: boolean): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}
