#!/usr/bin/env -S deno run --allow-read --allow-write --allow-run --allow-env
// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The `intoto` executable: `deno run --allow-read --allow-write --allow-run
 * --allow-env cli.ts <command> [options]`. See `intoto --help`.
 *
 * @module
 */

import { main } from "./lib/cli/main.ts";

Deno.exit(await main(Deno.args));
