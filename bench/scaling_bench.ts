// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * How cost grows with the number of files: `intoto run` and `in-toto-run`
 * recording trees of small files (100 B to 1 KB), and `intoto verify` and
 * `in-toto-verify` checking 2 links that hold that many artifacts each
 * (half materials, half products), at 10,000, 100,000 and, opt-in,
 * 1,000,000 files. The largest size is generated into a temporary folder
 * and removed after; the others are kept under /tmp/intoto-bench.
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "../tests/_helpers.ts";
import { intotoUnderTest, measure, type Measurement } from "./_bench.ts";
import { lineCharts, type Series } from "./_svg.ts";
import { ensureTree } from "./record_bench.ts";
import { ensureChain } from "./verify_bench.ts";

/** Both sides' best measurement of one workload at one size. */
export interface ScaleMeasurement {
  ours: Measurement;
  /** Undefined when the reference did not finish (such as out of memory). */
  reference?: Measurement;
}

/** The figures at one size. */
export interface ScalePoint {
  /** Files in the tree, and artifacts in each link. */
  files: number;
  run: ScaleMeasurement;
  verify: ScaleMeasurement;
}

/** Options of {@linkcode benchScaling}. */
export interface BenchScalingOptions {
  /** File counts, smallest first. */
  sizes: readonly number[];
  /** Rounds below {@linkcode TEMPORARY_SIZE}; larger sizes run once. */
  rounds: number;
  /** Where the kept data lives; default /tmp/intoto-bench. */
  directory?: string;
}

/** From this many files on, data goes into a temporary folder, and one round. */
export const TEMPORARY_SIZE = 1_000_000;

const KEY = join(ROOT, "testdata/in-toto-python/demo_files/danny");

async function best(
  argv: string[],
  cwd: string,
  rounds: number,
  prepare: () => Promise<void>,
): Promise<Measurement | undefined> {
  let fastest: Measurement | undefined;
  for (let round = 0; round < rounds; round++) {
    await prepare();
    let one: Measurement;
    try {
      one = await measure(argv, { cwd });
    } catch (error) {
      console.error(String(error));
      return undefined;
    }
    if (fastest === undefined || one.seconds < fastest.seconds) fastest = one;
  }
  return fastest;
}

async function both(
  ours: string[],
  reference: string[],
  cwd: string,
  rounds: number,
  prepare: () => Promise<void> = () => Promise.resolve(),
): Promise<ScaleMeasurement> {
  const our = await best(ours, cwd, rounds, prepare);
  if (our === undefined) throw new Error(`intoto failed in ${cwd}`);
  const their = await best(reference, cwd, rounds, prepare);
  return their === undefined ? { ours: our } : { ours: our, reference: their };
}

async function point(
  files: number,
  base: string,
  rounds: number,
): Promise<ScalePoint> {
  const tree = join(base, `small-${files}`);
  await ensureTree(tree, files, 1_000);
  const link = join(tree, "x.36a5529f.link");
  const runArgs = ["-n", "x", "-k", KEY, "-t", "ed25519", "-m", "data", "--"];
  console.error(`Timing run on ${files} files...`);
  const run = await both(
    [...intotoUnderTest(), "run", ...runArgs, "true"],
    ["/usr/bin/in-toto-run", ...runArgs, "true"],
    tree,
    rounds,
    () => Deno.remove(link).catch(() => {}),
  );
  const chain = join(base, `verify-${files / 2}`);
  await ensureChain(chain, files / 2);
  const verifyArgs = ["-l", "root.layout", "-k", "owner.pub", "-t", "ed25519"];
  console.error(`Timing verify of 2 x ${files} artifacts...`);
  const verify = await both(
    [...intotoUnderTest(), "verify", ...verifyArgs],
    ["/usr/bin/in-toto-verify", ...verifyArgs],
    chain,
    rounds,
  );
  return { files, run, verify };
}

/**
 * Times both tools at each size, smallest first.
 *
 * @param options Sizes, rounds, data folder.
 * @returns One point per size.
 */
export async function benchScaling(
  options: BenchScalingOptions,
): Promise<ScalePoint[]> {
  const points: ScalePoint[] = [];
  for (const files of options.sizes) {
    if (files < TEMPORARY_SIZE) {
      const base = options.directory ?? "/tmp/intoto-bench";
      points.push(await point(files, base, options.rounds));
      continue;
    }
    const base = await Deno.makeTempDir({ prefix: "intoto-bench-" });
    try {
      points.push(await point(files, base, 1));
    } finally {
      console.error(`Removing ${base}...`);
      await Deno.remove(base, { recursive: true });
    }
  }
  return points;
}

function cell(measurement: Measurement | undefined, unit: "s" | "MB"): string {
  if (measurement === undefined) return "did not finish";
  return unit === "s"
    ? measurement.seconds.toFixed(2)
    : measurement.maxRssMb.toFixed(0);
}

/**
 * The growth table: time and peak memory of both tools at each size.
 *
 * @param points What {@linkcode benchScaling} measured.
 * @returns A Markdown table.
 */
export function formatScaling(points: readonly ScalePoint[]): string {
  const lines = [
    "| files | run: intoto s | in-toto s | intoto MB | in-toto MB | verify 2 links: intoto s | in-toto s | intoto MB | in-toto MB |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { files, run, verify } of points) {
    lines.push(
      `| ${files.toLocaleString("en")} | ${
        [run, verify].flatMap((one) => [
          cell(one.ours, "s"),
          cell(one.reference, "s"),
          cell(one.ours, "MB"),
          cell(one.reference, "MB"),
        ]).join(" | ")
      } |`,
    );
  }
  return lines.join("\n");
}

/**
 * The growth plot: wall time and peak memory against files, both tools,
 * run and verify, on logarithmic axes.
 *
 * @param points What {@linkcode benchScaling} measured.
 * @returns An SVG document.
 */
export function plotScaling(points: readonly ScalePoint[]): string {
  const lines = (
    pick: (measurement: Measurement) => number,
  ): Series[] =>
    (["run", "verify"] as const).flatMap((workload) => [
      {
        label: `intoto ${workload}`,
        color: workload === "run" ? "#1f77b4" : "#d62728",
        points: points.map((one) =>
          [one.files, pick(one[workload].ours)] as const
        ),
      },
      {
        label: `in-toto 1.3.1 ${workload}`,
        color: workload === "run" ? "#1f77b4" : "#d62728",
        dashed: true,
        points: points.flatMap((one) => {
          const reference = one[workload].reference;
          return reference === undefined
            ? []
            : [[one.files, pick(reference)] as const];
        }),
      },
    ]);
  return lineCharts([
    {
      title: "wall time",
      unit: "s",
      series: lines((one) => one.seconds),
    },
    {
      title: "peak RSS",
      unit: "MB",
      series: lines((one) => one.maxRssMb),
    },
  ], "files (run) / artifacts per link (verify)");
}
