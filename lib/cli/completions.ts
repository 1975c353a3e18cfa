// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto completions bash|zsh|fish`: prints the shell's completion script,
 * written from the option tables that parse the flags.
 *
 * @module
 */

import { positionalArgs, usageError } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import {
  bashCompletion,
  fishCompletion,
  SHELLS,
  zshCompletion,
} from "./completion_scripts.ts";
import { commandDoc } from "./option_docs.ts";

const HELP = `intoto completions: print a shell completion script

USAGE
  intoto completions bash|zsh|fish

  Prints the completion script of the shell: commands, subcommands and
  every option of each, from the tables that parse them; option values and
  other arguments complete as file names.

EXAMPLES
  intoto completions zsh > "\${fpath[1]}/_intoto"  # then restart zsh
  intoto completions fish > ~/.config/fish/completions/intoto.fish
  source <(intoto completions bash)               # in ~/.bashrc`;

/**
 * `intoto completions`, over the subcommands `load` gives (main.ts passes
 * its table, so this module does not import it).
 *
 * @param load Every subcommand.
 * @returns The command.
 */
export function completionsCommand(
  load: () => Promise<CommandSpec[]>,
): CommandSpec {
  const command: CommandSpec = {
    name: "completions",
    summary: "Print a bash, zsh or fish completion script",
    help: HELP,
    options: {},
    permissions: [],
    async main(args, context) {
      const [shell] = positionalArgs(args, command, [
        'shell: "bash", "zsh" or "fish"',
      ]);
      const chosen = SHELLS.find((name) => name === shell);
      if (chosen === undefined) {
        throw usageError(
          command,
          `unknown shell "${shell}": use "bash", "zsh" or "fish"`,
        );
      }
      const docs = (await load()).map(commandDoc);
      const write = {
        bash: bashCompletion,
        zsh: zshCompletion,
        fish: fishCompletion,
      }[chosen];
      context.print(write(docs));
      return 0;
    },
  };
  return command;
}
