// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `deno task bench [--quick] [--rounds N] [--write [--label TEXT]]`: times
 * intoto against the Python reference in-toto 1.3.1, interleaved, and prints
 * one table of ratios. `--write` also appends the table, with the date, the
 * commit and the machine, to bench/RESULTS.md, so that figures never need a
 * README commit.
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  currentCommit,
  DEFAULT_ROUNDS,
  formatTable,
  resultsSection,
} from "./_bench.ts";
import { benchRecord } from "./record_bench.ts";
import { benchVerify } from "./verify_bench.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string", default: String(DEFAULT_ROUNDS) },
    write: { type: "boolean", default: false },
    label: { type: "string" },
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
const table = formatTable(rows);
console.log(table);
if (values.write) {
  const file = new URL("./RESULTS.md", import.meta.url);
  await Deno.writeTextFile(
    file,
    resultsSection(table, {
      quick: values.quick,
      rounds,
      ...(values.label === undefined ? {} : { label: values.label }),
      commit: await currentCommit(),
      date: new Date(),
    }),
    { append: true },
  );
  console.log(`Appended to ${file.pathname}`);
}
