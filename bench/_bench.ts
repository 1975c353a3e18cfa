// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Shared benchmark plumbing: time a real command (wall seconds and peak
 * memory through GNU time), and print rows comparing intoto with the Python
 * reference side by side.
 *
 * @module
 */

import { join } from "node:path";
import { intotoCommand, ROOT } from "../tests/_helpers.ts";

/**
 * The intoto command to time: the compiled `dist/intoto` if there is one
 * (and `INTOTO_CMD` is unset), else as the tests start it.
 *
 * @returns Program and leading arguments.
 */
export function intotoUnderTest(): string[] {
  const built = join(ROOT, "dist", "intoto");
  try {
    if (!Deno.env.get("INTOTO_CMD") && Deno.statSync(built).isFile) {
      return [built];
    }
  } catch {
    // Not built.
  }
  return intotoCommand();
}

/**
 * Measurements of each side by default: nine rounds, each timing intoto and
 * then the reference, to take each side's best and the median paired ratio
 * (on this shared machine, five left the median of the tree's ratio 0.01x
 * apart from one run to the next).
 */
export const DEFAULT_ROUNDS = 9;

/** One measurement of one command. */
export interface Measurement {
  seconds: number;
  maxRssMb: number;
}

/** One line of the results table. */
export interface BenchRow {
  /** What was measured, such as "run: 50,000 files". */
  name: string;
  /** Each side's best (fastest) measurement. */
  ours: Measurement;
  reference: Measurement;
  /**
   * The median, over the rounds, of ours/reference measured one right after
   * the other: what the target is checked against, since a shared machine's
   * speed drifts between rounds more than within one.
   */
  pairedRatio: number;
  /** The ratio ours/reference we aim to stay under, if any. */
  target?: number;
}

/**
 * Runs `argv` once: wall time by this process's clock (GNU time's is in
 * hundredths of a second), peak memory by `/usr/bin/time`.
 *
 * @param argv Program and arguments.
 * @param options Working directory.
 * @returns Wall time and peak resident memory.
 * @throws {Error} When the command fails.
 */
export async function measure(
  argv: string[],
  options: { cwd?: string } = {},
): Promise<Measurement> {
  const start = performance.now();
  const output = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", ...argv],
    cwd: options.cwd ?? Deno.cwd(),
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - start) / 1000;
  const stderr = new TextDecoder().decode(output.stderr).trim();
  if (!output.success) {
    throw new Error(`Cannot benchmark "${argv.join(" ")}": ${stderr}`);
  }
  const kilobytes = Number(stderr.split("\n").at(-1));
  return { seconds, maxRssMb: kilobytes / 1024 };
}

/**
 * Measures ours and the reference alternately `rounds` times and keeps the
 * best time of each (the least disturbed run).
 *
 * @param name The row's label.
 * @param commands `ours` and `reference` argv, and an optional `prepare`
 * run before every measurement (such as removing the previous output).
 * @returns The row.
 */
export async function compare(
  name: string,
  commands: {
    ours: string[];
    reference: string[];
    cwd?: string;
    rounds?: number;
    target?: number;
    prepare?: () => Promise<void>;
  },
): Promise<BenchRow> {
  const best = (a: Measurement | undefined, b: Measurement): Measurement =>
    a === undefined || b.seconds < a.seconds ? b : a;
  let ours: Measurement | undefined;
  let reference: Measurement | undefined;
  const ratios: number[] = [];
  const options = commands.cwd === undefined ? {} : { cwd: commands.cwd };
  for (let round = 0; round < (commands.rounds ?? DEFAULT_ROUNDS); round++) {
    await commands.prepare?.();
    const our = await measure(commands.ours, options);
    await commands.prepare?.();
    const their = await measure(commands.reference, options);
    ours = best(ours, our);
    reference = best(reference, their);
    ratios.push(our.seconds / their.seconds);
  }
  const row: BenchRow = {
    name,
    ours: ours!,
    reference: reference!,
    pairedRatio: median(ratios),
  };
  if (commands.target !== undefined) row.target = commands.target;
  return row;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Formats rows as a Markdown table with ratios.
 *
 * @param rows The results.
 * @returns The table text.
 */
export function formatTable(rows: BenchRow[]): string {
  const lines = [
    "| benchmark | intoto s | in-toto 1.3.1 s | ratio of bests | paired ratio | target | intoto MB | in-toto MB |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const ratio = row.ours.seconds / row.reference.seconds;
    const paired = row.pairedRatio;
    const verdict = row.target === undefined
      ? "-"
      : `≤ ${row.target}x ${paired <= row.target ? "met" : "MISSED"}`;
    lines.push(
      `| ${row.name} | ${row.ours.seconds.toFixed(2)} | ${
        row.reference.seconds.toFixed(2)
      } | ${ratio.toFixed(2)}x | ${paired.toFixed(2)}x | ${verdict} | ${
        row.ours.maxRssMb.toFixed(0)
      } | ${row.reference.maxRssMb.toFixed(0)} |`,
    );
  }
  return lines.join("\n");
}

/** What a section of bench/RESULTS.md says about its run. */
export interface RunFacts {
  /** The small sizes, which check no targets. */
  quick: boolean;
  /** Rounds per benchmark. */
  rounds: number;
  /** Why the run was made, such as "before the layering". */
  label?: string;
  /** The commit the sources were at. */
  commit: string;
  /** When. */
  date: Date;
  /** The growth plot's file name beside RESULTS.md, if one was written. */
  plot?: string;
}

/**
 * A dated section of bench/RESULTS.md: the run's facts, its tables and a
 * link to its plot.
 *
 * @param tables What {@linkcode formatTable} and the others made.
 * @param facts The run.
 * @returns Markdown, starting with a blank line.
 */
export function resultsSection(tables: string[], facts: RunFacts): string {
  const when = facts.date.toISOString().slice(0, 16).replace("T", " ");
  const title = facts.label === undefined ? when : `${when}: ${facts.label}`;

  return `
## ${title}

Commit ${facts.commit}, ${
    facts.quick ? "quick sizes" : "full sizes"
  }, ${facts.rounds} rounds; deno ${Deno.version.deno} on ${Deno.build.target}, ${navigator.hardwareConcurrency} cores.

${tables.join("\n\n")}
${
    facts.plot === undefined
      ? ""
      : `\nTime and peak memory against file count (the latest run with growth sizes): [${facts.plot}](${facts.plot})\n\n![growth](${facts.plot})\n`
  }`;
}

/**
 * The commit of the checkout the bench runs in, with "+changes" when the
 * work tree differs from it.
 *
 * @returns Such as "0924763" or "0924763+changes".
 */
export async function currentCommit(): Promise<string> {
  const git = (args: string[]) =>
    new Deno.Command("git", { args, cwd: ROOT, stdout: "piped" }).output();
  const head = new TextDecoder().decode(
    (await git(["rev-parse", "--short", "HEAD"])).stdout,
  )
    .trim();
  const dirty = (await git(["status", "--porcelain"])).stdout.length > 0;
  return `${head || "unknown"}${dirty ? "+changes" : ""}`;
}
