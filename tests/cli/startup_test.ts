// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Start-up stays small: what every command loads before its own module
 * (cli.ts and main.ts's static imports) loads no Node or npm module. Loading
 * node:fs alone doubled `intoto --version`'s time, and node:util, the first
 * `node:` module, cost it a third.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { execute, ROOT } from "../_helpers.ts";

interface Dependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}

interface ModuleInfo {
  specifier: string;
  dependencies?: Dependency[];
}

Deno.test("the CLI loads no Node or npm module before a command's own", async () => {
  const result = await execute([
    Deno.execPath(),
    "info",
    "--json",
    join(ROOT, "cli.ts"),
  ]);
  assert.equal(result.code, 0, result.stderr);
  const modules = new Map<string, ModuleInfo>(
    (JSON.parse(result.stdout).modules as ModuleInfo[]).map((module) => [
      module.specifier,
      module,
    ]),
  );
  const root = new URL(`file://${join(ROOT, "cli.ts")}`).href;
  const main = new URL(`file://${join(ROOT, "lib/cli/main.ts")}`).href;
  const loaded = new Set<string>();
  const visit = (specifier: string): void => {
    if (loaded.has(specifier)) return;
    loaded.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      const target = dependency.code?.specifier;
      if (target === undefined) continue;
      if (dependency.isDynamic) continue;
      visit(target);
    }
  };
  visit(root);
  assert.ok(loaded.has(main));
  const heavy = [...loaded].filter((specifier) =>
    /^node:|^npm:|^https?:/.test(specifier)
  );
  assert.deepEqual(heavy, []);
});
