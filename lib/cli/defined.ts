// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Optional values of the command line passed on as optional members: the
 * library's option types leave a member out rather than take `undefined`
 * (`exactOptionalPropertyTypes`), so that an option not given is absent.
 *
 * @module
 */

/** `T` with each member optional and never `undefined`. */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The members of `fields` that are not `undefined`, to spread into an
 * options object: `{ ...defined({ timeout, directory }) }` in place of
 * `...(timeout === undefined ? {} : { timeout })` for each.
 *
 * @param fields Values by member name, some undefined.
 * @returns The defined ones.
 *
 * @example Usage
 * ```ts
 * import { defined } from "./defined.ts";
 * import assert from "node:assert/strict";
 * const timeout: number | undefined = 5;
 * const directory: string | undefined = undefined;
 * assert.deepEqual(defined({ timeout, directory }), { timeout: 5 });
 * ```
 */
export function defined<T extends object>(fields: T): Defined<T> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) result[name] = value;
  }
  return result as Defined<T>;
}
