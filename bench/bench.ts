// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `deno task bench [--quick] [--rounds N]`: times intoto against the Python
 * reference in-toto 1.3.1, interleaved, and prints one table of ratios.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { DEFAULT_ROUNDS, formatTable } from "./_bench.ts";
import { benchRecord } from "./record_bench.ts";
import { benchVerify } from "./verify_bench.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string", default: String(DEFAULT_ROUNDS) },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(
    `error: --rounds must be a positive integer, not "${values.rounds}"`,
  );
  Deno.exit(2);
}
const options = { quick: values.quick, rounds };
const rows = [...await benchRecord(options), ...await benchVerify(options)];
console.log(formatTable(rows));
