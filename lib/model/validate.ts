// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Field-by-field checks for signed metadata: each check names the JSON path
 * of the field it rejects (`steps[1].threshold`), and fields the spec does
 * not define are reported as warnings.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";

/** Options shared by the metadata validators. */
export interface ValidateOptions {
  /** Name of the file, for messages. */
  source?: string | undefined;
  /** Receives one message per object with fields the spec does not define. */
  warnings?: string[] | undefined;
}

/**
 * The path of a child field, in the form the JSON parser uses in its
 * messages: `steps[1].threshold`, `materials["foo.py"]`.
 *
 * @param parent The parent's path, `""` for the top level.
 * @param key A field name or an array index.
 * @returns The child's path.
 */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
    return parent === "" ? key : `${parent}.${key}`;
  }
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Says what kind of JSON value `value` is, for messages.
 *
 * @param value Any parsed value.
 * @returns Such as `an array`, `the string "1"`, `true`, `nothing`.
 */
export function describeValue(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.slice(0, 80))}`;
  }
  return Array.isArray(value) ? "an array" : "an object";
}

/** Characters never allowed in a step, inspection or link name. */
// deno-lint-ignore no-control-regex
const UNSAFE_NAME = /[/\\\u0000-\u001f\u007f]|\.\./;

/**
 * Why a step, inspection or link name is not safe as a part of a file name
 * (attack catalogue F1), if it is not.
 *
 * @param name A name.
 * @returns The reason, or undefined for a safe name.
 */
export function unsafeNameProblem(name: string): string | undefined {
  if (name !== "." && !UNSAFE_NAME.test(name)) return undefined;
  return `the name ${
    JSON.stringify(name)
  } is not safe as a file name: it must not be "." or hold "/", "\\", "..", or control characters`;
}

/**
 * Checks the fields of one kind of metadata (a link, a layout), failing with
 * `INVALID_METADATA` errors that name the file and the field path.
 */
export class MetadataChecker {
  readonly #label: string;
  readonly #warnings: string[] | undefined;

  /**
   * @param kind What is checked, such as `layout`.
   * @param options The file name and the warnings sink.
   */
  constructor(kind: string, options: ValidateOptions = {}) {
    this.#label = options.source === undefined
      ? kind
      : `${kind} "${options.source}"`;
    this.#warnings = options.warnings;
  }

  /**
   * Describes a field for messages.
   *
   * @param path The field's path.
   * @returns Such as `layout "root.layout" at steps[0].name`.
   */
  where(path: string): string {
    return path === "" ? this.#label : `${this.#label} at ${path}`;
  }

  /**
   * Throws for a bad field.
   *
   * @param path The field's path.
   * @param detail What is wrong, starting lower case.
   * @throws {IntotoError} Always, `INVALID_METADATA`.
   */
  fail(path: string, detail: string): never {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid ${this.where(path)}: ${detail}`,
    );
  }

  /**
   * Requires a JSON object.
   *
   * @param value The field's value.
   * @param path The field's path.
   * @returns The object.
   */
  object(value: JsonValue | undefined, path: string): JsonObject {
    if (!isJsonObject(value)) {
      this.fail(path, `expected an object, got ${describeValue(value)}`);
    }
    return value;
  }

  /**
   * Requires a JSON array.
   *
   * @param value The field's value.
   * @param path The field's path.
   * @returns The array.
   */
  array(value: JsonValue | undefined, path: string): JsonValue[] {
    if (!Array.isArray(value)) {
      this.fail(path, `expected an array, got ${describeValue(value)}`);
    }
    return value;
  }

  /**
   * Requires a string, non-empty unless `allowEmpty`.
   *
   * @param value The field's value.
   * @param path The field's path.
   * @param allowEmpty Whether `""` is fine.
   * @returns The string.
   */
  string(
    value: JsonValue | undefined,
    path: string,
    allowEmpty = false,
  ): string {
    if (typeof value !== "string") {
      this.fail(path, `expected a string, got ${describeValue(value)}`);
    }
    if (!allowEmpty && value === "") this.fail(path, "must not be empty");
    return value;
  }

  /**
   * Requires an array of strings (each may be empty).
   *
   * @param value The field's value.
   * @param path The field's path.
   * @returns The strings.
   */
  strings(value: JsonValue | undefined, path: string): string[] {
    return this.array(value, path).map((item, index) =>
      this.string(item, childPath(path, index), true)
    );
  }

  /**
   * Requires a JSON integer (never a boolean or a string).
   *
   * @param value The field's value.
   * @param path The field's path.
   * @returns The integer.
   */
  integer(value: JsonValue | undefined, path: string): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      this.fail(path, `expected an integer, got ${describeValue(value)}`);
    }
    return value;
  }

  /**
   * Requires a name usable as a file name part: not empty, not `.`, without
   * `/`, `\`, `..` or control characters.
   *
   * @param value The field's value.
   * @param path The field's path.
   * @returns The name.
   */
  name(value: JsonValue | undefined, path: string): string {
    const name = this.string(value, path);
    const problem = unsafeNameProblem(name);
    if (problem !== undefined) this.fail(path, problem);
    return name;
  }

  /**
   * Requires `_type` to be exactly `type`, every field of `required` to be
   * present, and warns about fields in neither `required` nor `optional`.
   *
   * @param object The object.
   * @param path Its path.
   * @param fields `type`, `required` and `optional` field names.
   */
  fields(
    object: JsonObject,
    path: string,
    fields: {
      type: string;
      required: readonly string[];
      optional?: readonly string[];
    },
  ): void {
    const typePath = childPath(path, "_type");
    if (object._type !== fields.type || !Object.hasOwn(object, "_type")) {
      this.fail(
        typePath,
        `expected "${fields.type}", got ${
          describeValue(
            Object.hasOwn(object, "_type") ? object._type : undefined,
          )
        }`,
      );
    }
    for (const field of fields.required) {
      if (!Object.hasOwn(object, field)) {
        this.fail(childPath(path, field), "the field is missing");
      }
    }
    const known = new Set([
      "_type",
      ...fields.required,
      ...fields.optional ?? [],
    ]);
    const unknown = Object.keys(object).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      this.#warnings?.push(
        `${
          this.where(path)
        } has fields the spec does not define (covered by the signature, otherwise ignored): ${
          unknown.map((key) => JSON.stringify(key)).join(", ")
        }`,
      );
    }
  }
}
