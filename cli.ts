#!/usr/bin/env -S deno run --v8-flags=--no-maglev,--max-semi-space-size=2 --allow-read --allow-write --allow-run --allow-env
// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The `intoto` executable: `deno run
 * --v8-flags=--no-maglev,--max-semi-space-size=2 --allow-read
 * --allow-write --allow-run --allow-env cli.ts <command> [options]`. See
 * `intoto --help`, and scripts/v8_flags.ts for the V8 flags.
 *
 * @module
 */

import { prestartHashWorkers } from "./lib/artifacts/_workers.ts";

/** The options that name artifacts to record. */
const ARTIFACT_FLAG = /^(-m|-p|--materials|--products)(=|$)/;

// Commands about to hash files start their hashing workers first, so that
// they load while the rest of intoto does.
if (
  (Deno.args[0] === "run" || Deno.args[0] === "record") &&
  Deno.args.some((arg) => ARTIFACT_FLAG.test(arg))
) {
  prestartHashWorkers();
}
const { main } = await import("./lib/cli/main.ts");
Deno.exit(await main(Deno.args));
