// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The one date format in-toto metadata uses: `YYYY-MM-DDTHH:MM:SSZ` (UTC,
 * whole seconds), as in a layout's `expires`.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

const EXPIRES = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * Parses a date written `YYYY-MM-DDTHH:MM:SSZ`. Offsets (`+00:00`),
 * fractional seconds, a lowercase `z`, and dates or times that do not exist
 * (`2023-02-30`, `24:00:00`, second 60) are rejected, never rolled over.
 *
 * @param text The value as found in the metadata (any JSON type).
 * @param where What holds it, for the message, such as `layout "root.layout" at expires`.
 * @returns The instant.
 * @throws {IntotoError} `INVALID_METADATA` naming `where` and the value.
 *
 * @example Usage
 * ```ts
 * import { parseExpires } from "./date.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseExpires("2030-01-31T12:00:00Z", "expires").getTime(), Date.UTC(2030, 0, 31, 12));
 * assert.throws(() => parseExpires("2030-02-30T12:00:00Z", "expires"));
 * ```
 */
export function parseExpires(text: unknown, where: string): Date {
  const fail = (detail: string): never => {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid ${where}: expected a UTC date as YYYY-MM-DDTHH:MM:SSZ, got ${detail}`,
    );
  };
  if (typeof text !== "string") {
    return fail(text === undefined ? "nothing" : JSON.stringify(text));
  }
  const match = EXPIRES.exec(text);
  if (!match) return fail(`"${text}"`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, second!, 0);
  if (
    year === 0 || formatExpires(date) !== text
  ) {
    return fail(`"${text}", which is not a real date and time`);
  }
  return date;
}

/**
 * Formats a date as `YYYY-MM-DDTHH:MM:SSZ`, dropping milliseconds.
 *
 * @param date Any date from year 1 to 9999.
 * @returns Such as `2030-01-31T12:00:00Z`.
 * @throws {IntotoError} `USAGE` for an invalid date or a year outside 1-9999.
 *
 * @example Usage
 * ```ts
 * import { formatExpires } from "./date.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatExpires(new Date(Date.UTC(2030, 0, 31, 12, 0, 0, 999))), "2030-01-31T12:00:00Z");
 * ```
 */
export function formatExpires(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new IntotoError(
      "USAGE",
      `Cannot write date "${date}": the year must be from 1 to 9999`,
    );
  }
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${pad(date.getUTCMonth() + 1)}-${
    pad(date.getUTCDate())
  }T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${
    pad(date.getUTCSeconds())
  }Z`;
}
