// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A seeded random source for generated tests (rules, canonical JSON, key
 * encodings), so a failing case reproduces.
 *
 * @module
 */

/** Random numbers in [0, 1) and picks from lists, from a fixed seed. */
export interface Random {
  (): number;
  pick<T>(items: readonly T[]): T;
}

/**
 * A mulberry32 generator.
 *
 * @param seed Any 32-bit integer.
 * @returns The generator.
 */
export function random(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, {
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)]!,
  });
}
