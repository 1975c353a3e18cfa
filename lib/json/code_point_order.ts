// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Python's order of object keys: by Unicode code point, not by UTF-16 unit
 * as `Array.prototype.sort` sorts. Canonical JSON, the Python printer and
 * recorded artifact maps all sort this way.
 *
 * @module
 */

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

/** A UTF-16 unit at or above the surrogates, where the two orders differ. */
const HIGH_UNIT = /[\ud800-\uffff]/;

/**
 * Whether `text` holds a UTF-16 unit at or above the surrogates. Strings
 * without one compare the same natively (by UTF-16 unit, as `<` and
 * `Array.prototype.sort` do) as by code point.
 *
 * @param text A string.
 * @returns True when native comparison may differ from code point order.
 */
export function hasHighUnit(text: string): boolean {
  return HIGH_UNIT.test(text);
}

/**
 * Whether `a` sorts strictly before `b` by code point, comparing natively
 * unless one holds a high unit.
 *
 * @param a A string.
 * @param b Another string.
 * @returns True when `a` comes first and differs from `b`.
 */
export function precedes(a: string, b: string): boolean {
  return hasHighUnit(a) || hasHighUnit(b) ? compareCodePoints(a, b) < 0 : a < b;
}

/**
 * Whether `keys` are in strictly increasing code point order (so also all
 * distinct), comparing natively (much faster than
 * {@linkcode compareCodePoints}) unless a key holds a high unit.
 *
 * @param keys Strings.
 * @returns True when every key sorts after the one before it.
 */
export function isInCodePointOrder(keys: readonly string[]): boolean {
  const native = !keys.some(hasHighUnit);
  for (let i = 1; i < keys.length; i++) {
    const previous = keys[i - 1]!;
    const key = keys[i]!;
    if (native ? previous >= key : compareCodePoints(previous, key) >= 0) {
      return false;
    }
  }
  return true;
}

/**
 * Returns the keys of `object` sorted by code point.
 *
 * @param object Any object.
 * @returns Its own enumerable keys, sorted.
 */
export function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length < 2 || isInCodePointOrder(keys)) return keys;
  return keys.some(hasHighUnit) ? keys.sort(compareCodePoints) : keys.sort();
}
