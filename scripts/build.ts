// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `deno task compile [--target TARGET]... [--all-targets] [--allow-download]`
 * and `deno task bundle` (`--bundle`): builds the
 * single-file `intoto` executable with `deno compile`, with the permission
 * set "intoto" of deno.json (read, write, run, env; never net) and the V8
 * flags of v8_flags.ts baked in.
 *
 * `deno compile` needs the `denort` runtime of this Deno version: `DENORT_BIN`
 * (host target only), or the zip Deno caches in
 * `$DENO_DIR/dl/release/v<version>/denort-<target>.zip`, or a download from
 * dl.deno.land. When none is available offline, this says so in one line and
 * builds `dist/intoto.js` with `deno bundle` instead, which runs with
 * `deno run --v8-flags=--no-maglev,--max-semi-space-size=2 -P=intoto dist/intoto.js` (or the same
 * `--allow-*` flags).
 *
 * Worker modules (started with `new Worker(new URL("./x.ts", import.meta.url))`)
 * are not reachable by static imports: compile embeds them with `--include`,
 * and the bundle gets each one bundled beside it under the name the code
 * asks for.
 *
 * @module
 */

import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { V8_FLAGS } from "./v8_flags.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where the artifacts go: dist/, or INTOTO_DIST (for the tests). */
const DIST = Deno.env.get("INTOTO_DIST") ?? join(ROOT, "dist");

/** Worker modules, started by URL relative to their importer. */
const WORKERS = ["lib/artifacts/_hash_worker.ts"].filter((path) =>
  existsSync(join(ROOT, path))
);

/** The targets `deno compile --target` knows. */
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];

const { values } = parseArgs({
  args: Deno.args,
  options: {
    target: { type: "string", multiple: true },
    "all-targets": { type: "boolean" },
    "allow-download": { type: "boolean" },
    bundle: { type: "boolean" },
  },
});

const host = Deno.build.target;
const targets = values.bundle
  ? []
  : values["all-targets"]
  ? TARGETS
  : values.target ?? [host];
const denoDir = await denoDirectory();
let built = 0;
for (const target of targets) {
  const runtime = runtimeFor(target);
  if (runtime === undefined && !values["allow-download"]) {
    console.log(
      `No denort runtime for deno ${Deno.version.deno} ${target} offline (set DENORT_BIN, seed ${
        zipPath(target)
      }, or pass --allow-download): skipping deno compile`,
    );
    continue;
  }
  const output = join(
    DIST,
    target === host ? "intoto" : `intoto-${target}`,
  );
  const { code, stderr } = await denoQuiet(
    [
      "compile",
      "--permission-set=intoto",
      "--no-prompt",
      ...V8_FLAGS,
      ...WORKERS.flatMap((path) => ["--include", join(ROOT, path)]),
      "--target",
      target,
      "--output",
      output,
      join(ROOT, "cli.ts"),
    ],
    runtime?.env ?? {},
  );
  if (code !== 0) {
    if (runtime !== undefined) {
      await Deno.stderr.write(new TextEncoder().encode(stderr));
      Deno.exit(code);
    }
    // Allowed to download, but the download failed (offline): one line,
    // then the bundle, instead of Deno's backtrace.
    console.log(
      `Could not obtain the denort runtime for deno ${Deno.version.deno} ${target} (${
        reasonOf(stderr)
      }): skipping deno compile`,
    );
    continue;
  }
  console.log(`Built ${output}`);
  built++;
}
if (built === 0) {
  const output = join(DIST, "intoto.js");
  const code = await deno([
    "bundle",
    "--quiet",
    "--output",
    output,
    join(ROOT, "cli.ts"),
  ], {});
  if (code !== 0) Deno.exit(code);
  for (const worker of WORKERS) {
    // The bundle asks for the worker by its source name, beside itself.
    const name = worker.split("/").pop()!;
    const workerCode = await deno(
      ["bundle", "--quiet", "--output", join(DIST, name), join(ROOT, worker)],
      {},
    );
    if (workerCode !== 0) Deno.exit(workerCode);
  }
  const flags = V8_FLAGS.join(" ");
  console.log(
    `Built ${output}: run it with "deno run ${flags} -P=intoto ${output}" or "deno run ${flags} --allow-read --allow-write --allow-run --allow-env ${output}"`,
  );
}

/** Where `deno compile` can get the runtime for `target` without network. */
function runtimeFor(target: string) {
  const bin = Deno.env.get("DENORT_BIN");
  // The full deno binary as DENORT_BIN gives an executable that acts as deno.
  if (
    bin && target === host && existsSync(bin) &&
    realpathSync(bin) !== realpathSync(Deno.execPath())
  ) {
    return { env: { DENORT_BIN: bin } };
  }
  return existsSync(zipPath(target)) ? { env: {} } : undefined;
}

function zipPath(target: string): string {
  return join(
    denoDir,
    "dl",
    "release",
    `v${Deno.version.deno}`,
    `denort-${target}.zip`,
  );
}

async function denoDirectory(): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const info = JSON.parse(new TextDecoder().decode(output.stdout));
  return String(info.denoDir);
}

/** Runs deno with its output captured; for compile, whose errors we word. */
async function denoQuiet(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stderr: new TextDecoder().decode(output.stderr),
  };
}

/**
 * The reason in Deno's error output: the innermost "Caused by" line, else
 * the "error:" line, without colours and the backtrace.
 */
function reasonOf(text: string): string {
  // deno-lint-ignore no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const lines = plain.split("Stack backtrace:")[0]!.split("\n");
  const causes = lines.filter((line) => /^\s*\d+: /.test(line));
  const line = causes.at(-1)?.replace(/^\s*\d+: /, "") ??
    lines.find((candidate) => candidate.startsWith("error: "))?.slice(7) ??
    "deno compile failed";
  return line.trim();
}

async function deno(
  args: string[],
  env: Record<string, string>,
): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env,
    stdout: "inherit",
    stderr: "inherit",
  });
  return (await child.output()).code;
}
