// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto record start` and `intoto record stop`: a signed link for a step
 * that is not a single command, as in-toto-record does. Start writes
 * `.<name>.<keyid8>.link-unfinished` here with the materials; stop checks it
 * with the same key, adds the products and writes `<name>.<keyid8>.link`.
 *
 * @module
 */

import { recordStart, recordStop } from "../record/record.ts";
import { flagOption, listOption, positionalArgs } from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandSpec } from "./command.ts";
import type { OptionTable } from "./option_table.ts";
import {
  ARTIFACT_OPTIONS,
  FORMAT_OPTIONS,
  formatOption,
  METADATA_DIRECTORY_OPTION,
  metadataDirectoryOption,
  signedStepOptions,
  STEP_KEY_OPTIONS,
  STEP_NAME_OPTION,
} from "./run.ts";

const EXAMPLES = `EXAMPLES
  intoto record start -n edit -k alice -m src
  vi src/main.c                               # any number of commands
  intoto record stop -n edit -k alice -p src`;

const START_HELP = `intoto record start: begin the link of a multi-command step

USAGE
  intoto record start -n NAME (-k KEY | --signing-key KEY) [-m PATH...]

  Records the materials and writes the signed, unfinished link
  ".<NAME>.<keyid prefix>.link-unfinished" in the working directory. Finish
  it with "intoto record stop" and the same name and key; stop writes the
  link in the format chosen here (--use-dsse, --attest).

${EXAMPLES}`;

const STOP_HELP = `intoto record stop: finish the link of a multi-command step

USAGE
  intoto record stop -n NAME (-k KEY | --signing-key KEY) [-p PATH...] [-d DIR]

  Checks that ".<NAME>.<keyid prefix>.link-unfinished" is signed by KEY,
  records the products, and writes the signed "<NAME>.<keyid prefix>.link"
  in the format start used (or as an attestation with --attest); removes
  the unfinished link.

${EXAMPLES}`;

const START_OPTIONS = {
  ...STEP_NAME_OPTION,
  materials: {
    type: "string",
    short: "m",
    multiple: true,
    value: "PATH",
    description: "Files and folders to record",
  },
  ...STEP_KEY_OPTIONS,
  ...FORMAT_OPTIONS,
  ...ARTIFACT_OPTIONS,
} as const satisfies OptionTable;

/** `intoto record start`. */
export const recordStartCommand: CommandSpec<typeof START_OPTIONS> = {
  name: "record start",
  summary: "Begin the link of a multi-command step (materials)",
  help: START_HELP,
  options: START_OPTIONS,
  // run: for gpg (--gpg) only.
  permissions: ["read", "write", "run", "env"],
  async main(args, context) {
    positionalArgs(args, recordStartCommand, []);
    const path = await recordStart({
      ...await signedStepOptions(args, recordStartCommand, context),
      materials: listOption(args, "materials"),
      format: formatOption(args, recordStartCommand),
    });
    context.debug(`Wrote unfinished link "${path}"`);
    return 0;
  },
};

const STOP_OPTIONS = {
  ...STEP_NAME_OPTION,
  products: {
    type: "string",
    short: "p",
    multiple: true,
    value: "PATH",
    description: "Files and folders to record",
  },
  ...METADATA_DIRECTORY_OPTION,
  ...STEP_KEY_OPTIONS,
  attest: {
    type: "boolean",
    description:
      "Write an in-toto attestation (a Statement v1 with the link predicate in DSSE), whatever the format start used",
  },
  ...ARTIFACT_OPTIONS,
} as const satisfies OptionTable;

/** `intoto record stop`. */
export const recordStopCommand: CommandSpec<typeof STOP_OPTIONS> = {
  name: "record stop",
  summary: "Finish the link of a multi-command step (products)",
  help: STOP_HELP,
  options: STOP_OPTIONS,
  // run: for gpg (--gpg) only.
  permissions: ["read", "write", "run", "env"],
  async main(args, context) {
    positionalArgs(args, recordStopCommand, []);
    const step = await signedStepOptions(args, recordStopCommand, context);
    const directory = await metadataDirectoryOption(args);
    const path = await recordStop({
      ...step,
      products: listOption(args, "products"),
      ...(flagOption(args, "attest") ? { format: "attestation" as const } : {}),
      ...defined({ directory }),
    });
    context.debug(`Wrote link "${path}"`);
    return 0;
  },
};
