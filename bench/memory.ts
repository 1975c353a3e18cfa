// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Where the memory goes: runs what `intoto run` or `intoto verify` runs, in
 * this process, and prints after each stage the resident memory, its peak
 * so far (VmHWM), the V8 heap and the memory outside it. With `--snapshot`
 * it also writes a heap snapshot at the stage that holds the most, and
 * prints the heap by kind of object.
 *
 * ```sh
 * deno run -A bench/memory.ts run /tmp/intoto-bench/tree-50000 [--snapshot]
 * deno run -A bench/memory.ts verify /tmp/intoto-bench/verify-50000 [--snapshot]
 * ```
 *
 * @module
 */

import { join } from "node:path";
import v8 from "node:v8";
import { parseArgs } from "node:util";
import { ROOT } from "../tests/_helpers.ts";
import { loadPublicKey, loadSigner } from "../lib/crypto/load.ts";
import { runStep } from "../lib/record/run.ts";
import { canonicalBytes } from "../lib/json/canonical.ts";
import { writeLink } from "../lib/record/write.ts";
import { directoryLinkSource, readMetadataFile } from "../lib/verify/load.ts";
import { verifySupplyChain } from "../lib/verify/verify.ts";
import type { LinkReader } from "../lib/verify/links.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { snapshot: { type: "boolean", default: false } },
});
const [workload, folder] = positionals;

/** Resident and peak memory from /proc, in MB. */
function proc(): { rss: number; peak: number } {
  const status = Deno.readTextFileSync("/proc/self/status");
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) / 1024;
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** Prints one stage's figures. */
function stage(name: string): void {
  const { rss, peak } = proc();
  const usage = Deno.memoryUsage();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(6);
  console.log(
    `${name.padEnd(34)} rss ${rss.toFixed(1).padStart(6)}  peak ${
      peak.toFixed(1).padStart(6)
    }  heap used ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}  external ${
      mb(usage.external)
    }`,
  );
}

/** Writes a heap snapshot and prints its self sizes by kind, largest first. */
function snapshot(label: string): void {
  if (!values.snapshot) return;
  const directory = Deno.makeTempDirSync();
  let data;
  try {
    const path = v8.writeHeapSnapshot(
      join(directory, `${label}.heapsnapshot`),
    );
    data = JSON.parse(Deno.readTextFileSync(path));
  } finally {
    Deno.removeSync(directory, { recursive: true });
  }
  const fields: string[] = data.snapshot.meta.node_fields;
  const types: string[] = data.snapshot.meta.node_types[0];
  const strings: string[] = data.strings;
  const nodes: number[] = data.nodes;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((field) =>
    fields.indexOf(field)
  );
  const sizes = new Map<string, [number, number]>();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt!]!]!;
    const kind = type === "object" || type === "native"
      ? `${type} ${strings[nodes[i + nameAt!]!]}`
      : type;
    const entry = sizes.get(kind) ?? [0, 0];
    entry[0] += nodes[i + sizeAt!]!;
    entry[1]++;
    sizes.set(kind, entry);
  }
  console.log(`Heap at "${label}", by kind (self size):`);
  for (
    const [kind, [size, count]] of [...sizes].sort((a, b) => b[1][0] - a[1][0])
      .slice(0, 12)
  ) {
    console.log(
      `  ${(size / 1024 / 1024).toFixed(1).padStart(6)} MB  ${
        String(count).padStart(8)
      }  ${kind.slice(0, 60)}`,
    );
  }
}

const KEY = join(ROOT, "testdata/in-toto-python/demo_files/danny");

if (workload === "run" && folder !== undefined) {
  stage("start");
  const signer = await loadSigner(KEY, { keyType: "ed25519" });
  stage("key loaded");
  const link = await runStep({
    name: "x",
    materials: ["data"],
    basePath: folder,
  });
  stage("materials recorded");
  canonicalBytes(link.materials);
  stage("materials' canonical bytes");
  snapshot("recorded");
  const directory = Deno.makeTempDirSync();
  try {
    await writeLink(link, { signer, directory });
    stage("link signed and written");
  } finally {
    Deno.removeSync(directory, { recursive: true });
  }
} else if (workload === "verify" && folder !== undefined) {
  stage("start");
  const layout = await readMetadataFile(join(folder, "root.layout"));
  const keys = [
    await loadPublicKey(join(folder, "owner.pub"), { keyType: "ed25519" }),
  ];
  stage("layout and key loaded");
  const source = directoryLinkSource(folder) as LinkReader;
  let loaded = 0;
  const links: LinkReader = async (path: string) => {
    const file = await source(path);
    if (file !== undefined) {
      stage(`link ${++loaded} parsed`);
      if (loaded === 2) snapshot("links parsed");
    }
    return file;
  };
  const report = await verifySupplyChain({
    layout,
    layoutKeys: keys,
    links,
    runInspection: () => Promise.reject(new Error("no inspections")),
  });
  stage(report.passed ? "verified" : "FAILED");
} else {
  console.error("usage: bench/memory.ts run|verify FOLDER [--snapshot]");
  Deno.exit(2);
}
