// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Runs the test files in parallel (`deno test --parallel`), then fails if
 * the run left `intoto-*` entries in the temporary folder: every test must
 * remove what it creates, even when it fails.
 *
 * Usage: `deno run -A scripts/test.ts [FILE_OR_FOLDER...]` (default
 * `tests/`). `DENO_JOBS` sets how many files run at once (default 4: most
 * tests wait on subprocesses, so two cores keep four files busy).
 */

import { tmpdir } from "node:os";

const folder = tmpdir();

function leftovers(): Set<string> {
  return new Set(
    [...Deno.readDirSync(folder)]
      .map((entry) => entry.name)
      .filter((name) => name.startsWith("intoto-")),
  );
}

const before = leftovers();
const targets = Deno.args.length > 0 ? Deno.args : ["tests/"];
const { code } = await new Deno.Command(Deno.execPath(), {
  args: [
    "test",
    "--parallel",
    "--allow-read",
    "--allow-write",
    "--allow-run",
    "--allow-env",
    ...targets,
  ],
  env: { DENO_JOBS: Deno.env.get("DENO_JOBS") ?? "4" },
  stdin: "null",
}).spawn().status;
const left = [...leftovers()].filter((name) => !before.has(name)).sort();
if (left.length > 0) {
  console.error(
    `error: the tests left ${left.length} entries in "${folder}": ${
      left.slice(0, 5).join(", ")
    }${left.length > 5 ? ", ..." : ""}; remove what each test creates`,
  );
  Deno.exit(code === 0 ? 1 : code);
}
Deno.exit(code);
