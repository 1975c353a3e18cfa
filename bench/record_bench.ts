// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Benchmark of `intoto run` against `in-toto-run` 1.3.1 recording a tree of
 * 50,000 files (~500 MB, 100 B to 30 KB each), one 1 GiB file, and one empty
 * file (what a run costs besides hashing). The data is generated once,
 * deterministically, under /tmp/intoto-bench and reused.
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "../tests/_helpers.ts";
import {
  type BenchRow,
  compare,
  DEFAULT_ROUNDS,
  intotoUnderTest,
} from "./_bench.ts";

/** Options for {@linkcode benchRecord}. */
export interface BenchRecordOptions {
  /** A smaller tree (5,000 files) and file (128 MiB), for a quick look. */
  quick?: boolean;
  /** Where the data lives; default /tmp/intoto-bench. */
  directory?: string;
  /** Measurements of each side; default {@linkcode DEFAULT_ROUNDS}. */
  rounds?: number;
}

const KEY = join(ROOT, "testdata/in-toto-python/demo_files/danny");
const MIB = 1024 * 1024;

/**
 * The size of the one big file.
 *
 * @param quick Whether the small sizes run.
 * @returns 128 MiB when quick, else 1 GiB.
 */
export function bigFileBytes(quick: boolean): number {
  return (quick ? 128 : 1024) * MIB;
}

/**
 * Times both implementations, interleaved, and returns one row per data set.
 *
 * @param options Size, data folder, rounds.
 * @returns The rows: the tree, the big file, then the empty file.
 */
export async function benchRecord(
  options: BenchRecordOptions = {},
): Promise<BenchRow[]> {
  const quick = options.quick ?? false;
  const base = options.directory ?? "/tmp/intoto-bench";
  const files = quick ? 5_000 : 50_000;
  const bigBytes = bigFileBytes(quick);
  const tree = join(base, `tree-${files}`);
  const big = join(base, `big-${bigBytes / MIB}m`);
  const empty = join(base, "empty");
  await ensureTree(tree, files);
  await ensureBigFile(big, bigBytes);
  await ensureBigFile(empty, 0);
  const rows: BenchRow[] = [];
  const cases = [
    {
      name: `run: ${files.toLocaleString("en")} files`,
      folder: tree,
      target: 0.30,
    },
    {
      name: `run: one ${bigBytes / MIB} MiB file`,
      folder: big,
      target: 0.65,
    },
    { name: "run: one empty file", folder: empty, target: undefined },
  ];
  for (const item of cases) {
    const link = join(item.folder, "x.36a5529f.link");
    const args = ["-n", "x", "-k", KEY, "-t", "ed25519", "-m", "data", "--"];
    const row = await compare(item.name, {
      ours: [...intotoUnderTest(), "run", ...args, "true"],
      reference: ["/usr/bin/in-toto-run", ...args, "true"],
      cwd: item.folder,
      rounds: options.rounds ?? DEFAULT_ROUNDS,
      // The targets are set for the full sizes, where start-up weighs little.
      ...(quick || item.target === undefined ? {} : { target: item.target }),
      prepare: () => Deno.remove(link).catch(() => {}),
    });
    rows.push(row);
  }
  return rows;
}

/** A small deterministic generator (xorshift32). */
class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }

  /** A uint32. */
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state;
  }

  /** A number in [0, 1). */
  fraction(): number {
    return this.next() / 2 ** 32;
  }
}

/** 64 KiB of pseudo-random bytes, the source of every file's content. */
function pool(random: Random): Uint8Array {
  const bytes = new Uint8Array(64 * 1024);
  const words = new Uint32Array(bytes.buffer);
  for (let i = 0; i < words.length; i++) words[i] = random.next();
  return bytes;
}

/**
 * Marks generated data complete once the system has written it to disk:
 * otherwise writing back a million new files goes on during the first
 * measurements, slowing whichever tool runs then.
 *
 * @param folder The data's folder.
 */
export async function markComplete(folder: string): Promise<void> {
  await new Deno.Command("sync").output();
  await Deno.writeTextFile(join(folder, ".complete"), "");
}

async function isComplete(folder: string): Promise<boolean> {
  try {
    await Deno.stat(join(folder, ".complete"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a deterministic tree of `count` files under `folder/data` (250 files
 * a folder), unless a complete one is there.
 *
 * @param folder Where.
 * @param count How many files.
 * @param largest The largest file in bytes; sizes start at 100 B, skewed
 * small (30 KB: about 10 KB on average).
 */
export async function ensureTree(
  folder: string,
  count: number,
  largest = 30_000,
): Promise<void> {
  if (await isComplete(folder)) return;
  console.error(`Creating ${count} files under ${folder} (once)...`);
  await Deno.remove(folder, { recursive: true }).catch(() => {});
  const random = new Random(count);
  const source = pool(random);
  const perFolder = 250;
  for (let index = 0; index < count; index++) {
    const group = Math.floor(index / perFolder);
    const dir = join(
      folder,
      "data",
      `d${String(group % 20).padStart(2, "0")}`,
      `g${String(group).padStart(4, "0")}`,
    );
    if (index % perFolder === 0) await Deno.mkdir(dir, { recursive: true });
    const size = 100 + Math.floor(random.fraction() ** 2 * (largest - 100));
    const offset = random.next() % (source.length - size);
    const content = source.slice(offset, offset + size);
    new DataView(content.buffer).setUint32(0, index);
    await Deno.writeFile(join(dir, `file-${index}.bin`), content);
  }
  await markComplete(folder);
}

async function ensureBigFile(folder: string, bytes: number): Promise<void> {
  if (await isComplete(folder)) return;
  const target = join(folder, "data", "big.bin");
  console.error(`Creating a ${bytes / MIB} MiB file ${target} (once)...`);
  await Deno.mkdir(join(folder, "data"), { recursive: true });
  const source = pool(new Random(7));
  const chunk = new Uint8Array(MIB);
  for (let i = 0; i < chunk.length; i += source.length) chunk.set(source, i);
  const file = await Deno.open(target, {
    write: true,
    create: true,
    truncate: true,
  });
  try {
    for (let written = 0; written < bytes; written += chunk.length) {
      new DataView(chunk.buffer).setUint32(0, written / MIB);
      let offset = 0;
      while (offset < chunk.length) {
        offset += await file.write(chunk.subarray(offset));
      }
    }
  } finally {
    file.close();
  }
  await markComplete(folder);
}
