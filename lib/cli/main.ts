// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The `intoto` command line: finds the subcommand, parses its options, drops
 * the permissions it does not need, runs it and turns whatever it throws into
 * one `error: ...` line and an exit code (0 success, 1 failure, 2 bad input).
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { closestMatch } from "./closest_match.ts";
import type { CommandSpec } from "./command.ts";
import { commandHelp } from "./help.ts";
import { OutputContext, reportError, writeStdout } from "./output.ts";
import { checkPermissions, dropPermissions } from "./permissions.ts";
import { VERSION } from "./version.ts";

/**
 * A subcommand by name. Its module is imported only when it is used, so that
 * a command loads nothing of the others: `intoto --version` starts in half
 * the time.
 */
interface CommandEntry {
  name: string;
  load(): Promise<CommandSpec>;
}

/** Every subcommand, in the order `intoto --help` lists them. */
const COMMANDS: readonly CommandEntry[] = [
  { name: "run", load: async () => (await import("./run.ts")).command },
  {
    name: "record start",
    load: async () => (await import("./record.ts")).recordStartCommand,
  },
  {
    name: "record stop",
    load: async () => (await import("./record.ts")).recordStopCommand,
  },
  { name: "verify", load: async () => (await import("./verify.ts")).command },
  { name: "sign", load: async () => (await import("./sign.ts")).command },
  { name: "keygen", load: async () => (await import("./keygen.ts")).command },
  { name: "key id", load: async () => (await import("./key_id.ts")).command },
  {
    name: "match-products",
    load: async () => (await import("./match_products.ts")).command,
  },
  { name: "mock", load: async () => (await import("./mock.ts")).command },
  {
    name: "layout init",
    load: async () => (await import("./layout.ts")).initCommand,
  },
  {
    name: "layout add-key",
    load: async () => (await import("./layout.ts")).addKeyCommand,
  },
  {
    name: "layout add-step",
    load: async () => (await import("./layout.ts")).addStepCommand,
  },
  {
    name: "layout add-inspection",
    load: async () => (await import("./layout.ts")).addInspectionCommand,
  },
  {
    name: "layout set-expiry",
    load: async () => (await import("./layout.ts")).setExpiryCommand,
  },
  {
    name: "layout rm-step",
    load: async () => (await import("./layout.ts")).rmStepCommand,
  },
  {
    name: "layout lint",
    load: async () => (await import("./layout_lint.ts")).command,
  },
  { name: "show", load: async () => (await import("./show.ts")).command },
  {
    name: "attest verify",
    load: async () => (await import("./attest.ts")).command,
  },
  {
    name: "attest trusted-root",
    load: async () => (await import("./attest_trusted_root.ts")).command,
  },
  {
    name: "completions",
    load: async () =>
      (await import("./completions.ts")).completionsCommand(loadCommands),
  },
  {
    name: "man",
    load: async () => (await import("./man.ts")).manCommand(loadCommands),
  },
];

/** The subcommands' names, in the order `intoto --help` lists them. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((entry) =>
  entry.name
);

/**
 * Imports every subcommand.
 *
 * @returns Their specs, in the order of {@linkcode COMMAND_NAMES}.
 */
export async function loadCommands(): Promise<CommandSpec[]> {
  return await Promise.all(COMMANDS.map((entry) => entry.load()));
}

/**
 * Runs the CLI.
 *
 * @param argv The arguments, as `Deno.args`.
 * @returns The exit code: 0 success, 1 failure, 2 usage or input error.
 *
 * @example Usage
 * ```ts ignore
 * import { main } from "./main.ts";
 * Deno.exit(await main(Deno.args));
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const verbose = wantsVerbose(argv);
  try {
    return await dispatch(argv);
  } catch (error) {
    return reportError(error, { verbose });
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...others] = argv;
  if (first === undefined) {
    throw new IntotoError(
      "USAGE",
      'missing command: see "intoto --help" for the list',
    );
  }
  if (first === "-h" || first === "--help") {
    return printHelp(await generalHelp());
  }
  if (first === "--version" || first === "-V") {
    return printHelp(`intoto ${VERSION}`);
  }
  if (first === "help") {
    if (others.length === 0) return printHelp(await generalHelp());
    if (others.length === 1 && isGroup(others[0]!)) {
      return printHelp(await groupHelp(others[0]!));
    }
    return printHelp(commandHelp(await findCommand(others).entry.load()));
  }
  if (isGroup(first) && (others[0] === "-h" || others[0] === "--help")) {
    return printHelp(await groupHelp(first));
  }
  if (first.startsWith("-")) {
    throw new IntotoError(
      "USAGE",
      `unknown option "${first}" before the command: options go after it, as in "intoto verify -v" (see "intoto --help")`,
    );
  }
  const { entry, args } = findCommand(argv);
  const command = await entry.load();
  // Imported here: it loads node:util, which costs `intoto --version` a
  // third of its start-up.
  const { parseCommandArgs } = await import("./args.ts");
  const parsed = parseCommandArgs(args, command);
  if (parsed.values.help === true) return printHelp(commandHelp(command));
  const verbose = parsed.values.verbose === true;
  const quiet = parsed.values.quiet === true;
  if (verbose && quiet) {
    throw new IntotoError(
      "USAGE",
      `options "-v/--verbose" and "-q/--quiet" exclude each other for "intoto ${command.name}"`,
    );
  }
  const permissions = [
    ...command.permissions,
    ...command.permissionsFor?.(parsed) ?? [],
  ];
  await dropPermissions(permissions);
  await checkPermissions(
    { name: command.name, permissions },
    parsed.rest[0] === undefined ? {} : { program: parsed.rest[0] },
  );
  return await command.main(parsed, new OutputContext({ verbose, quiet }));
}

/**
 * Finds the subcommand named by the first one or two words of `argv`.
 *
 * @param argv The arguments.
 * @returns The subcommand and the arguments after its name.
 * @throws {IntotoError} `USAGE` for an unknown command, with a suggestion.
 */
function findCommand(
  argv: string[],
): { entry: CommandEntry; args: string[] } {
  const [first = "", second] = argv;
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const entry = COMMANDS.find((candidate) => candidate.name === name);
    if (entry && argv.length >= words) {
      return { entry, args: argv.slice(words) };
    }
  }
  const groups = groupEntries(first);
  if (groups.length > 0) {
    const choices = groups.map((command) => `"${command.name}"`).join(", ");
    if (second === undefined || second.startsWith("-")) {
      throw new IntotoError(
        "USAGE",
        `missing subcommand for "intoto ${first}": use one of ${choices}`,
      );
    }
    const suggestion = closestMatch(
      `${first} ${second}`,
      groups.map((command) => command.name),
    );
    throw unknownCommand(`${first} ${second}`, suggestion);
  }
  const names = new Set(COMMANDS.map((command) => command.name.split(" ")[0]!));
  names.add("help");
  throw unknownCommand(first, closestMatch(first, names));
}

/** The subcommands of a group such as `record`, in help order. */
function groupEntries(group: string): CommandEntry[] {
  return COMMANDS.filter((command) => command.name.startsWith(`${group} `));
}

/** Whether `word` names a group of subcommands, not a command. */
function isGroup(word: string): boolean {
  return groupEntries(word).length > 0 &&
    !COMMANDS.some((command) => command.name === word);
}

/** The help of a group: its subcommands with their summaries. */
async function groupHelp(group: string): Promise<string> {
  const commands = await Promise.all(
    groupEntries(group).map((entry) => entry.load()),
  );
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) =>
    `  ${command.name.padEnd(width)}   ${command.summary}`
  );
  return `USAGE
  intoto ${group} <subcommand> [options]

SUBCOMMANDS
${lines.join("\n")}

Run "intoto ${group} <subcommand> --help" for the options of a subcommand.`;
}

function unknownCommand(name: string, suggestion: string | undefined) {
  return new IntotoError(
    "USAGE",
    suggestion === undefined
      ? `unknown command "${name}": see "intoto --help" for the list`
      : `unknown command "${name}": did you mean "${suggestion}"?`,
  );
}

async function generalHelp(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) =>
    `  ${command.name.padEnd(width)}   ${command.summary}`
  );
  return `intoto ${VERSION}: in-toto supply chain integrity, Deno-native

USAGE
  intoto <command> [options]
  intoto help <command>

COMMANDS
${lines.join("\n")}

OPTIONS
  -h, --help      Show this help
  -V, --version   Show the version

EXIT CODES
  0 success; 1 verification failed or a step failed;
  2 bad input, usage error or missing permission

Run "intoto <command> --help" for the options of a command.`;
}

function printHelp(text: string): number {
  writeStdout(text);
  return 0;
}

function wantsVerbose(argv: string[]): boolean {
  const end = argv.indexOf("--");
  const options = end === -1 ? argv : argv.slice(0, end);
  return options.includes("-v") || options.includes("--verbose");
}
