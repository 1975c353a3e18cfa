// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Issue 20's targets, checked against one run of the benchmark: each
 * workload's measured figure, the target, and "ok" or "MISSED".
 *
 * @module
 */

import type { BenchRow } from "./_bench.ts";
import type { ScaleMeasurement, ScalePoint } from "./scaling_bench.ts";

/** The rows of the fixed workloads, by what they measure. */
export interface MainRows {
  tree: BenchRow;
  bigFile: BenchRow & { bytes: number };
  /** The same run recording one empty file: all but the hashing. */
  emptyFile: BenchRow;
  verify: BenchRow;
  startup: BenchRow;
}

/** One target's line. */
export interface TargetRow {
  workload: string;
  measured: string;
  target: string;
  /** Undefined when not checked (quick sizes, or a size not run). */
  ok?: boolean;
}

/** How much slower per file the largest size may be than 100,000 files. */
const LINEAR_SLACK = 1.1;
/** Peak RSS allowed at 1,000,000 files. */
const MAX_MB_AT_1M = 1024;

/**
 * One core's SHA-256 speed by `openssl speed -evp sha256` on 1 MiB blocks.
 *
 * @returns Bytes per second, or undefined when openssl cannot tell.
 */
export async function opensslSha256Speed(): Promise<number | undefined> {
  try {
    const output = await new Deno.Command("openssl", {
      args: ["speed", "-evp", "sha256", "-bytes", "1048576", "-seconds", "2"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    const match = /^sha256\s+([\d.]+)k\s*$/im.exec(text);
    return match === null ? undefined : Number(match[1]) * 1000;
  } catch {
    return undefined;
  }
}

const ratio = (value: number) => `${value.toFixed(2)}x`;
const mb = (value: number) => `${value.toFixed(0)} MB`;

function memory(
  workload: string,
  row: BenchRow,
): TargetRow {
  return {
    workload,
    measured: `${mb(row.ours.maxRssMb)} (in-toto ${
      mb(row.reference.maxRssMb)
    })`,
    target: "≤ the reference",
    ok: row.ours.maxRssMb <= row.reference.maxRssMb,
  };
}

function paired(workload: string, row: BenchRow, target: number): TargetRow {
  return {
    workload,
    measured: ratio(row.pairedRatio),
    target: `≤ ${target}x`,
    ok: row.pairedRatio <= target,
  };
}

function growth(
  workload: string,
  small: ScaleMeasurement | undefined,
  large: ScaleMeasurement | undefined,
  files: number,
): TargetRow[] {
  const target =
    `time per file ≤ ${LINEAR_SLACK}x that at 100k; peak ≤ ${MAX_MB_AT_1M} MB`;
  if (small === undefined || large === undefined) {
    return [{
      workload,
      measured: "not measured (add --size 1m)",
      target,
    }];
  }
  const perFile = large.ours.seconds / small.ours.seconds /
    (files / 100_000);
  const memoryGrowth = large.ours.maxRssMb / small.ours.maxRssMb;
  const reference = large.reference === undefined
    ? "in-toto did not finish"
    : `in-toto ${large.reference.seconds.toFixed(1)} s, ${
      mb(large.reference.maxRssMb)
    }`;
  return [{
    workload,
    measured: `${large.ours.seconds.toFixed(1)} s (${
      perFile.toFixed(2)
    }x per file of 100k), ${mb(large.ours.maxRssMb)} (${
      memoryGrowth.toFixed(1)
    }x of 100k); ${reference}`,
    target,
    ok: perFile <= LINEAR_SLACK && large.ours.maxRssMb <= MAX_MB_AT_1M &&
      memoryGrowth <= (files / 100_000) * LINEAR_SLACK,
  }];
}

/**
 * Checks issue 20's targets.
 *
 * @param rows The fixed workloads.
 * @param points The growth measurements (100,000 and 1,000,000 files are
 * used when there).
 * @param quick Whether the small sizes ran: nothing is then checked.
 * @param sha256Speed openssl's one-core SHA-256 bytes per second.
 * @returns One line per target.
 */
export function checkTargets(
  rows: MainRows,
  points: readonly ScalePoint[],
  quick: boolean,
  sha256Speed: number | undefined,
): TargetRow[] {
  // What each byte adds to a run, as openssl speed times hashing alone:
  // the run's own costs (start-up, the key, signing, the link) are those
  // of the same run recording an empty file.
  const hashing = rows.bigFile.bytes /
    Math.max(rows.bigFile.ours.seconds - rows.emptyFile.ours.seconds, 1e-3);
  const at = (files: number) => points.find((one) => one.files === files);
  const million = at(1_000_000);
  const lines: TargetRow[] = [
    paired("run, 50k-file tree: wall-time ratio", rows.tree, 0.30),
    memory("run, 50k-file tree: peak RSS", rows.tree),
    memory("verify, 2 × 100k artifacts: peak RSS", rows.verify),
    paired("run, one 1 GiB file: wall-time ratio", rows.bigFile, 0.65),
    sha256Speed === undefined
      ? {
        workload: "run, one 1 GiB file: hashing speed",
        measured: "openssl speed unavailable",
        target: "within 15% of openssl",
      }
      : {
        workload: "run, one 1 GiB file: hashing speed",
        measured: `${(hashing / 1e6).toFixed(0)} MB/s (openssl ${
          (sha256Speed / 1e6).toFixed(0)
        } MB/s)`,
        target: "within 15% of openssl",
        ok: hashing >= sha256Speed * 0.85,
      },
    paired(
      "verify, 2 links × 100k artifacts: wall-time ratio",
      rows.verify,
      0.15,
    ),
    ...growth(
      "run, 1,000,000 small files",
      at(100_000)?.run,
      million?.run,
      1_000_000,
    ),
    ...growth(
      "verify, 2 links × 1,000,000 artifacts",
      at(100_000)?.verify,
      million?.verify,
      1_000_000,
    ),
    paired("start-up, --version: wall-time ratio", rows.startup, 0.20),
  ];
  if (!quick) return lines;
  return lines.map(({ workload, measured, target }) => ({
    workload,
    measured,
    target,
  }));
}

/**
 * The targets as a Markdown table.
 *
 * @param lines What {@linkcode checkTargets} returned.
 * @returns The table.
 */
export function formatTargets(lines: readonly TargetRow[]): string {
  return [
    "| workload (issue 20) | measured | target | verdict |",
    "|---|---|---|---|",
    ...lines.map((line) =>
      `| ${line.workload} | ${line.measured} | ${line.target} | ${
        line.ok === undefined ? "not checked" : line.ok ? "ok" : "MISSED"
      } |`
    ),
  ].join("\n");
}
