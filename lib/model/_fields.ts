// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Private field checks shared by the attestation parsers. A `where` string
 * names the document, then the field path after a colon:
 * `statement "a.json": subject[0].digest`.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";

/** Makes the `INVALID_METADATA` error for a bad field. */
export function invalid(where: string, detail: string): IntotoError {
  return new IntotoError("INVALID_METADATA", `Invalid ${where}: ${detail}`);
}

/** The location of `key` inside `where`. */
export function field(where: string, key: string): string {
  return where.includes(": ") ? `${where}.${key}` : `${where}: ${key}`;
}

/** Requires an object. */
export function expectObject(
  value: JsonValue | undefined,
  where: string,
): JsonObject {
  if (!isJsonObject(value)) throw invalid(where, "expected an object");
  return value;
}

/** Requires an array of at most `limit` elements. */
export function expectArray(
  value: JsonValue | undefined,
  where: string,
  limit: number,
): JsonValue[] {
  if (!Array.isArray(value)) throw invalid(where, "expected an array");
  if (value.length > limit) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Invalid ${where}: ${value.length} entries, more than the limit of ${limit}`,
    );
  }
  return value;
}

/** Requires a non-empty string. */
export function expectString(
  value: JsonValue | undefined,
  where: string,
): string {
  if (typeof value !== "string" || value === "") {
    throw invalid(where, "expected a non-empty string");
  }
  return value;
}

/** Requires an array of strings. */
export function expectStrings(
  value: JsonValue | undefined,
  where: string,
  limit: number,
): string[] {
  return expectArray(value, where, limit).map((item, index) => {
    if (typeof item !== "string") {
      throw invalid(`${where}[${index}]`, "expected a string");
    }
    return item;
  });
}

/** The value of an own key, or undefined when absent. */
export function own(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** An optional non-empty string field. */
export function optionalString(
  object: JsonObject,
  key: string,
  where: string,
): string | undefined {
  const value = own(object, key);
  return value === undefined
    ? undefined
    : expectString(value, field(where, key));
}

/** An optional object field. */
export function optionalObject(
  object: JsonObject,
  key: string,
  where: string,
): JsonObject | undefined {
  const value = own(object, key);
  return value === undefined
    ? undefined
    : expectObject(value, field(where, key));
}

const URI_SCHEME = /^[a-z][a-z0-9+.-]*:/;

/** Requires a URI whose scheme is lowercase (RFC 3986 case normalised). */
export function expectUri(value: JsonValue | undefined, where: string): string {
  const uri = expectString(value, where);
  if (!URI_SCHEME.test(uri)) {
    throw invalid(where, `"${uri}" is not a URI with a lowercase scheme`);
  }
  return uri;
}
