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

import { main } from "./lib/cli/main.ts";

Deno.exit(await main(Deno.args));
