// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto attest trusted-root [--trusted-root FILE]`: prints which Sigstore
 * trusted root bundle verification uses, and its date.
 *
 * @module
 */

import { readFileBytes } from "../io.ts";
import {
  EMBEDDED_ROOT,
  embeddedTrustedRoot,
  parseTrustedRoot,
  type TrustedRootSource,
} from "../verify/sigstore/trusted_root.ts";
import { stringOption } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import type { OptionTable } from "./option_table.ts";

const HELP = `intoto attest trusted-root: show the Sigstore trusted root in use

USAGE
  intoto attest trusted-root [--trusted-root FILE]

  Prints the root that "intoto attest verify --bundle" trusts: the
  embedded Sigstore public-good root (its source and date), or FILE
  after checking it. No network is used.

EXIT CODES
  0 printed; 2 FILE is not a usable trusted root

EXAMPLES
  intoto attest trusted-root
  intoto attest trusted-root --trusted-root staging_trusted_root.json`;

/**
 * Loads the embedded root, or the file given instead.
 *
 * @param path The replacement file, if any.
 * @returns The root.
 */
export async function loadTrustedRoot(
  path: string | undefined,
): Promise<TrustedRootSource> {
  return path === undefined
    ? await embeddedTrustedRoot()
    : parseTrustedRoot(await readFileBytes(path), path);
}

/** `--trusted-root FILE`, of this command and `attest verify --bundle`. */
export const TRUSTED_ROOT_OPTION = {
  "trusted-root": {
    type: "string",
    value: "FILE",
    description:
      "A Sigstore trusted_root.json to use instead of the embedded one",
  },
} as const satisfies OptionTable;

/** `intoto attest trusted-root`. */
export const command: CommandSpec<typeof TRUSTED_ROOT_OPTION> = {
  name: "attest trusted-root",
  summary: "Show the Sigstore trusted root used to verify bundles",
  help: HELP,
  options: TRUSTED_ROOT_OPTION,
  permissions: ["read"],
  async main(args, context) {
    const path = stringOption(args, "trusted-root");
    const root = await loadTrustedRoot(path);
    const count = (name: string) => {
      const list = root.json[name];
      return Array.isArray(list) ? list.length : 0;
    };
    const contents = `${count("tlogs")} transparency logs, ${
      count("ctlogs")
    } CT logs, ${count("certificateAuthorities")} CAs, ${
      count("timestampAuthorities")
    } timestamp authorities`;
    context.print(
      path === undefined
        ? `embedded Sigstore public-good root, last changed ${EMBEDDED_ROOT.date}, fetched ${EMBEDDED_ROOT.fetched} from ${EMBEDDED_ROOT.source} (sha256 ${EMBEDDED_ROOT.sha256}): ${contents}`
        : `trusted root from "${path}": ${contents}`,
    );
    return 0;
  },
};
