// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `deno task bench [--quick] [--size 1m] [--rounds N] [--write [--label
 * TEXT]]`: times intoto against the Python reference in-toto 1.3.1,
 * interleaved, and prints one table of ratios, issue 20's targets (each "ok"
 * or "MISSED"), and how time and memory grow from 10,000 to 100,000 files
 * (and to 1,000,000 with `--size 1m`, generated into a temporary folder and
 * removed after). `--write` also appends the tables, with the date, the
 * commit and the machine, to bench/RESULTS.md, and writes the growth plot
 * (bench/scaling.svg with `--size 1m`, else bench/scaling-100k.svg), so
 * that figures never need a README commit.
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
import { benchRecord, bigFileBytes } from "./record_bench.ts";
import {
  benchScaling,
  formatScaling,
  plotScaling,
  type ScalePoint,
} from "./scaling_bench.ts";
import { checkTargets, formatTargets, opensslSha256Speed } from "./targets.ts";
import { benchVerify } from "./verify_bench.ts";

/** The sizes `--size` adds to the growth measurements. */
const OPT_IN_SIZES: Readonly<Record<string, number>> = { "1m": 1_000_000 };

const USAGE =
  "usage: deno task bench [--quick] [--size 1m] [--rounds N] [--write [--label TEXT]]";

function parseBenchArgs() {
  try {
    return parseArgs({
      args: Deno.args,
      options: {
        quick: { type: "boolean", default: false },
        size: { type: "string", multiple: true, default: [] },
        rounds: { type: "string", default: String(DEFAULT_ROUNDS) },
        write: { type: "boolean", default: false },
        label: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(
      `error: ${error instanceof Error ? error.message : error}; ${USAGE}`,
    );
    Deno.exit(2);
  }
}

const { values } = parseBenchArgs();
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(
    `error: --rounds must be a positive integer, not "${values.rounds}"`,
  );
  Deno.exit(2);
}
const extra = values.size.map((size) => {
  const files = OPT_IN_SIZES[size.toLowerCase()];
  if (files === undefined) {
    console.error(
      `error: --size takes ${
        Object.keys(OPT_IN_SIZES).join(", ")
      }, not "${size}"`,
    );
    Deno.exit(2);
  }
  return files;
});
const options = { quick: values.quick, rounds };
// Before anything is written: the plot would count as a change.
const commit = await currentCommit();
const [tree, bigFile, emptyFile] = await benchRecord(options);
const [verify, startup] = await benchVerify(options);
// The growth sizes take fewer rounds: each of their runs is long, and their
// best is all the table shows.
const sizes = [...new Set([10_000, ...values.quick ? [] : [100_000], ...extra])]
  .sort((a, b) => a - b);
const points: ScalePoint[] = await benchScaling({
  sizes,
  rounds: Math.min(rounds, 3),
});
const table = formatTable([tree!, bigFile!, emptyFile!, verify!, startup!]);
const targets = formatTargets(
  checkTargets(
    {
      tree: tree!,
      bigFile: { ...bigFile!, bytes: bigFileBytes(values.quick) },
      emptyFile: emptyFile!,
      verify: verify!,
      startup: startup!,
    },
    points,
    values.quick,
    await opensslSha256Speed(),
  ),
);
const growth = formatScaling(points);
console.log(`${table}\n\n${targets}\n\n${growth}`);
if (values.write) {
  const file = new URL("./RESULTS.md", import.meta.url);
  // scaling.svg is the plot to a million files; a run without an opt-in
  // size draws its own, so that it does not replace that one.
  const plot = points.length < 2
    ? undefined
    : extra.length > 0
    ? "scaling.svg"
    : "scaling-100k.svg";
  if (plot !== undefined) {
    await Deno.writeTextFile(
      new URL(`./${plot}`, import.meta.url),
      plotScaling(points),
    );
  }
  await Deno.writeTextFile(
    file,
    resultsSection([table, targets, growth], {
      quick: values.quick,
      rounds,
      ...(values.label === undefined ? {} : { label: values.label }),
      ...(plot === undefined ? {} : { plot }),
      commit,
      date: new Date(),
    }),
    { append: true },
  );
  // In the repository's format, so that `deno fmt --check` stays clean.
  const written = [
    file,
    ...plot === undefined ? [] : [new URL(`./${plot}`, import.meta.url)],
  ];
  await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", ...written.map((url) => url.pathname)],
  }).output();
  console.log(`Appended to ${file.pathname}`);
}
