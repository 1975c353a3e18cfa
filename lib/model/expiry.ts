// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * When a layout expires, as a person writes it: a date (`2027-06-30`), a
 * full timestamp (`2027-06-30T12:00:00Z`) or a time from now (`1y`, `6m`,
 * `2w`, `30d`, `12h`, or a sum such as `1y6m`).
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { formatExpires, parseExpires } from "./date.ts";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DURATION = /^(?:\d+[ymwdh])+$/;
const PART = /(\d+)([ymwdh])/g;
const HOUR = 3_600_000;

/**
 * Resolves an expiry as a person writes it into the layout's `expires`.
 * Months and years are calendar ones: one month after January 31 is the
 * last day of February.
 *
 * @param text A date, a timestamp or a duration (see the module doc).
 * @param now The instant a duration counts from.
 * @returns `YYYY-MM-DDTHH:MM:SSZ`.
 * @throws {IntotoError} `USAGE` for anything else, or a date that does not
 * exist.
 *
 * @example Usage
 * ```ts
 * import { resolveExpiry } from "./expiry.ts";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-01-31T10:00:00Z");
 * assert.equal(resolveExpiry("1m", now), "2026-02-28T10:00:00Z");
 * assert.equal(resolveExpiry("1y6m", now), "2027-07-31T10:00:00Z");
 * assert.equal(resolveExpiry("30d", now), "2026-03-02T10:00:00Z");
 * assert.equal(resolveExpiry("2027-06-30", now), "2027-06-30T00:00:00Z");
 * ```
 */
export function resolveExpiry(text: string, now: Date): string {
  if (DURATION.test(text)) return formatExpires(addDuration(now, text));
  const timestamp = DATE.test(text) ? `${text}T00:00:00Z` : text;
  try {
    return formatExpires(parseExpires(timestamp, "expiry"));
  } catch (error) {
    throw new IntotoError(
      "USAGE",
      `Invalid expiry "${text}": give a date (2027-06-30), a UTC time (2027-06-30T12:00:00Z) or a duration from now (1y, 6m, 2w, 30d, 12h, 1y6m)`,
      { cause: error },
    );
  }
}

function addDuration(now: Date, text: string): Date {
  let months = 0;
  let hours = 0;
  for (const [, count, unit] of text.matchAll(PART)) {
    const value = Number(count);
    if (unit === "y") months += 12 * value;
    else if (unit === "m") months += value;
    else if (unit === "w") hours += 7 * 24 * value;
    else if (unit === "d") hours += 24 * value;
    else hours += value;
  }
  const date = new Date(now.getTime());
  if (months > 0) {
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + months);
    const last = new Date(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
    ).getUTCDate();
    date.setUTCDate(Math.min(day, last));
  }
  return new Date(date.getTime() + hours * HOUR);
}
