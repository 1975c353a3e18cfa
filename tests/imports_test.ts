// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The layers of lib/ import one way: json, then crypto, then model, then
 * rules, then artifacts and process, then record, verify and authoring, then cli
 * (ARCHITECTURE.md). Files at the top of lib/ (errors.ts, io.ts) are below
 * every layer. This test reads every module's relative imports and fails on
 * one that points up or sideways, and on any cycle between modules.
 */

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { ROOT } from "./_helpers.ts";

/** Each folder of lib/ by rank: a module may import only lower ranks. */
const RANKS: Readonly<Record<string, number>> = {
  "": 0,
  json: 1,
  crypto: 2,
  model: 3,
  rules: 4,
  artifacts: 5,
  process: 5,
  record: 6,
  verify: 6,
  authoring: 6,
  cli: 7,
};

const LIB = join(ROOT, "lib");

function modules(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Code without comments, so that JSDoc examples do not count as imports. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** A static or dynamic import, or a worker's entry point (`new URL`). */
const SPECIFIER =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)"(\.{1,2}\/[^"]+\.ts)"/g;

/** A module that another one imports, or starts as a worker. */
interface Edge {
  target: string;
  worker: boolean;
}

/** The lib/ modules that `file` imports or starts, as absolute paths. */
function importsOf(file: string): Edge[] {
  const code = withoutComments(readFileSync(file, "utf8"));
  return [...code.matchAll(SPECIFIER)]
    .map((match) => ({
      target: normalize(join(dirname(file), match[2]!)),
      worker: match[1]!.startsWith("new URL"),
    }))
    .filter((edge) => edge.target.startsWith(LIB + "/"));
}

function layerOf(file: string): string {
  const path = relative(LIB, file);
  return path.includes("/") ? path.split("/")[0]! : "";
}

const graph = new Map(modules(LIB).map((file) => [file, importsOf(file)]));

Deno.test("lib/ layers import only downwards", () => {
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    assert.ok(from in RANKS, `lib/${from}/ has no rank in imports_test.ts`);
    for (const { target } of targets) {
      const to = layerOf(target);
      if (to === from) continue;
      if (!(RANKS[to]! < RANKS[from]!)) {
        wrong.push(`${relative(LIB, file)} imports ${relative(LIB, target)}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("lib/ modules import each other without cycles", () => {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      const cycle = path.slice(path.indexOf(file)).concat(file);
      cycles.push(cycle.map((step) => relative(LIB, step)).join(" -> "));
      return;
    }
    state.set(file, "open");
    // A worker runs in its own isolate: starting one is not an import.
    for (const { target, worker } of graph.get(file) ?? []) {
      if (!worker) visit(target, [...path, file]);
    }
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});

Deno.test("the import test sees every kind of import", () => {
  const workers = join(LIB, "artifacts", "_workers.ts");
  assert.ok(
    graph.get(workers)!.some((e) =>
      e.worker && e.target.endsWith("_hash_worker.ts")
    ),
  );
  const main = join(LIB, "cli", "main.ts");
  assert.ok(graph.get(main)!.some((e) => e.target.endsWith("cli/run.ts")));
  const run = join(LIB, "record", "run.ts");
  assert.ok(
    graph.get(run)!.some((e) => e.target.endsWith("process/command.ts")),
  );
});

Deno.test("only lib/cli/ names the CLI's flags", async () => {
  // Every long option of every command, as "--name".
  const { loadCommands } = await import("../lib/cli/main.ts");
  const flags = new Set<string>();
  for (const command of await loadCommands()) {
    for (const name of Object.keys(command.options)) flags.add(`--${name}`);
  }
  const named: string[] = [];
  for (const file of graph.keys()) {
    if (layerOf(file) === "cli") continue;
    // Messages, not comments: a flag in a string or template literal.
    const code = withoutComments(readFileSync(file, "utf8"));
    for (const match of code.matchAll(/["'`][^"'`\n]*?(--[a-z][a-z-]+)/g)) {
      if (flags.has(match[1]!)) {
        named.push(`${relative(LIB, file)} names ${match[1]}`);
      }
    }
  }
  assert.deepEqual(named, []);
});
