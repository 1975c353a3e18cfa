// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto mock -n NAME -- COMMAND...`: runs a command, records everything in
 * the working directory as materials and products, records its output, and
 * writes the unsigned link `<name>.link`, as in-toto-mock does.
 *
 * @module
 */

import { checkStepName } from "../record/names.ts";
import { ProgressLine } from "./progress.ts";
import { runStep } from "../record/run.ts";
import { writeLink } from "../record/write.ts";
import { requiredOption, stringOption, usageError } from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandSpec } from "./command.ts";
import type { OptionTable } from "./option_table.ts";
import {
  formatOption,
  RUN_TIMEOUT_OPTION,
  stepCommand,
  timeoutOption,
} from "./run.ts";

const HELP = `intoto mock: try out a step without a key

USAGE
  intoto mock -n NAME [--use-dsse] -- COMMAND [ARG...]

  Records the working directory as materials, runs COMMAND (its output is
  shown and recorded), records the working directory as products, and
  writes the unsigned link "<NAME>.link". Sign it later with "intoto sign".

EXAMPLES
  intoto mock -n build -- make dist
  intoto sign -f build.link -k alice       # sign it: build.<keyid8>.link`;

const OPTIONS = {
  name: {
    type: "string",
    short: "n",
    value: "NAME",
    description: "The step's name (also --step-name)",
  },
  "step-name": {
    type: "string",
    value: "NAME",
    description: "The same as -n/--name, as in-toto-run spells it",
  },
  ...RUN_TIMEOUT_OPTION,
  "use-dsse": {
    type: "boolean",
    description: "Write a DSSE envelope without signatures",
  },
} as const satisfies OptionTable;

/** `intoto mock`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "mock",
  summary: "Record a step without signing it (<name>.link)",
  help: HELP,
  options: OPTIONS,
  permissions: ["read", "write", "run", "env"],
  async main(args, context) {
    const alias = stringOption(args, "step-name");
    if (alias !== undefined && args.values.name !== undefined) {
      throw usageError(
        command,
        'options "-n/--name" and "--step-name" exclude each other',
      );
    }
    const name = alias ?? requiredOption(args, command, "name");
    checkStepName(name);
    const argv = stepCommand(args, command);
    const timeout = timeoutOption(args, command);
    const format = formatOption(args, command);
    const link = await runStep({
      name,
      materials: ["."],
      products: ["."],
      command: argv,
      recordStreams: true,
      quiet: context.quiet,
      warn: (message) => context.warn(message),
      ...(context.quiet ? {} : {
        progress: (label: string) => new ProgressLine(`Recording ${label}`),
      }),
      ...defined({ timeout }),
    });
    const path = await writeLink(link, { format });
    context.info(`Wrote unsigned link "${path}"`);
    return 0;
  },
};
