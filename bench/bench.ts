// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `deno task bench [--quick]`: times intoto against the Python reference
 * in-toto 1.3.1, interleaved, and prints one table of ratios.
 *
 * @module
 */

import { type BenchRow, formatTable } from "./_bench.ts";
import { benchRecord } from "./record_bench.ts";

/** A benchmark module's entry: rows to add to the table. */
type BenchEntry = (
  options: { quick: boolean },
) => Promise<BenchRow[] | BenchRow>;

async function optionalBench(
  file: string,
  name: string,
): Promise<BenchEntry | undefined> {
  const url = new URL(file, import.meta.url);
  try {
    await Deno.stat(url);
  } catch {
    return undefined;
  }
  const module = await import(url.href);
  return module[name] as BenchEntry | undefined;
}

const quick = Deno.args.includes("--quick");
const rows: BenchRow[] = await benchRecord({ quick });
const benchVerify = await optionalBench("./verify_bench.ts", "benchVerify");
if (benchVerify !== undefined) {
  rows.push(...[await benchVerify({ quick })].flat());
}
console.log(formatTable(rows));
