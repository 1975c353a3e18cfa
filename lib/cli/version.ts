// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The version of intoto, from deno.json: `intoto --version` prints it and
 * the HTML report names it.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };

/** The version of intoto, from deno.json. */
export const VERSION: string = denoJson.version;
