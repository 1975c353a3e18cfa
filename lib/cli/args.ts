// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Command-line parsing for the subcommands, on top of `node:util` `parseArgs`.
 *
 * Conventions:
 * - every subcommand also accepts `-v/--verbose`, `-q/--quiet`, `-h/--help`;
 * - an unknown option is an error that suggests the closest known one;
 * - an option marked `multiple` is a list that may be given both ways the
 *   reference accepts: repeated (`-k a -k b`) or as several values after one
 *   flag (`-k a b`, like argparse `nargs="+"`): every following argument that
 *   does not start with `-` continues the list;
 * - a string option needs a value; a value that starts with `-` must be
 *   attached (`--file=-x`), so a forgotten value is never swallowed silently;
 * - everything after `--` is kept untouched in `rest`.
 *
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { IntotoError } from "../errors.ts";
import { MAX_TIMEOUT_SECONDS } from "../process/timeout.ts";
import type { ParsedArgs } from "./command.ts";
import { closestMatch } from "./closest_match.ts";
import { defined } from "./defined.ts";
import {
  COMMON_OPTIONS,
  type OptionName,
  type OptionSpec,
  type OptionTable,
} from "./option_table.ts";

/** The part of a subcommand the parser needs: its name and options. */
export interface CommandOptions {
  /** As typed: `sign`, `key id`. */
  name: string;
  /** Its own options, without the common ones. */
  options: OptionTable;
}

/**
 * The names of a table's options of one shape (`{ type: "string" }`), or
 * any name for a table that is not known (`OptionTable` itself).
 */
type NamesOf<O extends OptionTable, Shape> = string extends OptionName<O>
  ? string
  : { [K in OptionName<O>]: O[K] extends Shape ? K : never }[OptionName<O>];

/**
 * Parses the arguments of one subcommand.
 *
 * @param argv The arguments after the subcommand's name.
 * @param command The subcommand's name and options: an option whose value
 * may be left out (`optionalValue`) gets "" before the end, `--` or another
 * option.
 * @returns Option values by long name, positionals and everything after `--`.
 * @throws {IntotoError} `USAGE` for an unknown option, a missing value, a
 * value given to a flag or a single-valued option given twice.
 *
 * @example Lists given both ways
 * ```ts
 * import { parseCommandArgs } from "./args.ts";
 * import assert from "node:assert/strict";
 * const command = {
 *   name: "verify",
 *   options: {
 *     key: { type: "string", short: "k", multiple: true, description: "A key" },
 *   },
 * } as const;
 * const args = parseCommandArgs(["-k", "a", "b", "-k", "c", "--", "x"], command);
 * assert.deepEqual(args.values.key, ["a", "b", "c"]);
 * assert.deepEqual(args.rest, ["x"]);
 * ```
 */
export function parseCommandArgs(
  argv: string[],
  command: CommandOptions,
): ParsedArgs {
  const table: OptionTable = { ...command.options, ...COMMON_OPTIONS };
  const config: ParseArgsOptionsConfig = {};
  for (const [name, spec] of Object.entries(table)) {
    config[name] = { type: spec.type, ...defined({ short: spec.short }) };
  }
  const { tokens } = parseArgs({
    args: withOptionalValues(argv, command),
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  let rest: string[] = [];
  let openList: string[] | undefined;
  for (const token of tokens) {
    if (token.kind === "option-terminator") {
      rest = argv.slice(token.index + 1);
      break;
    }
    if (token.kind === "positional") {
      (openList ?? positionals).push(token.value);
      continue;
    }
    openList = undefined;
    const option = Object.hasOwn(table, token.name)
      ? table[token.name]
      : undefined;
    if (option === undefined) {
      throw unknownOptionError(token.rawName, command);
    }
    const flag = displayName(token.name, option);
    if (option.type === "boolean") {
      if (token.value !== undefined) {
        throw usageError(command, `option "${flag}" takes no value`);
      }
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined) {
      throw usageError(command, `option "${flag}" needs a value`);
    }
    if (!token.inlineValue && value.startsWith("-") && value !== "-") {
      throw usageError(
        command,
        `option "${flag}" needs a value, but "${value}" follows it (attach a value that starts with "-": "--${token.name}=${value}")`,
      );
    }
    if (option.multiple) {
      const list = values[token.name];
      openList = Array.isArray(list) ? list : [];
      openList.push(value);
      values[token.name] = openList;
    } else if (values[token.name] !== undefined) {
      throw usageError(command, `option "${flag}" given more than once`);
    } else {
      values[token.name] = value;
    }
  }
  return { values, positionals, rest };
}

/**
 * `argv` with an empty value attached to each option with an
 * `optionalValue` that is given without one (`-P --` becomes
 * `--password= --`), so that the parser never takes what follows for it.
 */
function withOptionalValues(
  argv: readonly string[],
  command: CommandOptions,
): string[] {
  const spellings = new Map<string, string>();
  for (const [name, spec] of Object.entries(command.options)) {
    if (!spec.optionalValue) continue;
    spellings.set(`--${name}`, name);
    if (spec.short !== undefined) spellings.set(`-${spec.short}`, name);
  }
  if (spellings.size === 0) return [...argv];
  const end = argv.indexOf("--");
  return argv.map((arg, index) => {
    const name = spellings.get(arg);
    if (name === undefined || (end !== -1 && index > end)) return arg;
    const next = argv[index + 1];
    const valueless = next === undefined || next === "--" ||
      (next.startsWith("-") && next !== "-");
    return valueless ? `--${name}=` : arg;
  });
}

/**
 * An `IntotoError` with code `USAGE` that names the subcommand.
 *
 * @param command The subcommand (its `name`).
 * @param message What is wrong, lower case.
 * @returns The error, for `throw`.
 */
export function usageError(
  command: { name: string },
  message: string,
): IntotoError {
  return new IntotoError(
    "USAGE",
    `${message} (see "intoto ${command.name} --help")`,
  );
}

/**
 * The value of a single-valued string option.
 *
 * @param args Parsed arguments.
 * @param name The option's long name.
 * @returns Its value, or undefined when absent.
 */
export function stringOption<O extends OptionTable>(
  args: ParsedArgs<O>,
  name: NamesOf<O, { type: "string" }>,
): string | undefined {
  const value: unknown = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The value of an option that takes seconds, such as `--run-timeout`: a
 * number above 0 and at most {@linkcode MAX_TIMEOUT_SECONDS}, the longest a
 * timer can wait.
 *
 * @param args Parsed arguments.
 * @param name The option's long name.
 * @param command The subcommand, for messages.
 * @returns The seconds, or undefined when absent.
 * @throws {IntotoError} `USAGE` for anything else.
 */
export function secondsOption<O extends OptionTable>(
  args: ParsedArgs<O>,
  name: NamesOf<O, { type: "string" }>,
  command: { name: string },
): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 0.001 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw usageError(
      command,
      `invalid value "${text}" for option "--${name}": give a number of seconds from 0.001 to ${MAX_TIMEOUT_SECONDS} (about 24 days)`,
    );
  }
  return seconds;
}

/**
 * The values of a list option (`multiple: true`).
 *
 * @param args Parsed arguments.
 * @param name The option's long name.
 * @returns Its values; empty when absent.
 */
export function listOption<O extends OptionTable>(
  args: ParsedArgs<O>,
  name: NamesOf<O, { multiple: true }>,
): string[] {
  const value: unknown = args.values[name];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/**
 * Whether a boolean flag was given.
 *
 * @param args Parsed arguments.
 * @param name The flag's long name.
 * @returns True when given.
 */
export function flagOption<O extends OptionTable>(
  args: ParsedArgs<O>,
  name: NamesOf<O, { type: "boolean" }>,
): boolean {
  return args.values[name] === true;
}

/**
 * The value of a required single-valued string option.
 *
 * @param args Parsed arguments.
 * @param command The subcommand's name and options.
 * @param name The option's long name.
 * @returns Its value.
 * @throws {IntotoError} `USAGE` when it is absent.
 */
export function requiredOption<O extends OptionTable>(
  args: ParsedArgs<O>,
  command: CommandOptions,
  name: NamesOf<O, { type: "string" }>,
): string {
  const value = stringOption(args, name);
  if (value === undefined) {
    throw usageError(
      command,
      `missing required option "${optionFlag(command, name)}"`,
    );
  }
  return value;
}

/**
 * How an option of a subcommand is shown in messages: `-k/--key`, or
 * `--signing-key` for one without a short form.
 *
 * @param command The subcommand's options.
 * @param name The option's long name.
 * @returns The flag as the user types it.
 *
 * @example Usage
 * ```ts
 * import { optionFlag } from "./args.ts";
 * import assert from "node:assert/strict";
 * const key = { type: "string", short: "k", description: "A key" } as const;
 * const command = { name: "x", options: { key } };
 * assert.equal(optionFlag(command, "key"), "-k/--key");
 * ```
 */
export function optionFlag(command: CommandOptions, name: string): string {
  const option = command.options[name];
  return option ? displayName(name, option) : `--${name}`;
}

function unknownOptionError(
  rawName: string,
  command: CommandOptions,
): IntotoError {
  const known = Object.keys({ ...command.options, ...COMMON_OPTIONS })
    .map((name) => `--${name}`);
  const suggestion = rawName.startsWith("--")
    ? closestMatch(rawName, known)
    : undefined;
  const where = `unknown option "${rawName}" for "intoto ${command.name}"`;
  return new IntotoError(
    "USAGE",
    suggestion === undefined
      ? `${where} (see "intoto ${command.name} --help")`
      : `${where}: did you mean "${suggestion}"?`,
  );
}

function displayName(name: string, option: OptionSpec): string {
  return option.short ? `-${option.short}/--${name}` : `--${name}`;
}

/** Options for {@linkcode checkChoice}. */
export interface ChoiceOptions<T extends string> {
  /** The option's long name, for the message. */
  name: string;
  /** The accepted values. */
  choices: readonly T[];
}

/**
 * Checks that an option's value is one of a fixed set.
 *
 * @param value The value given.
 * @param command The subcommand's name, for the message.
 * @param options The option's name and accepted values.
 * @returns The value, typed.
 * @throws {IntotoError} `USAGE` naming the accepted values.
 *
 * @example Usage
 * ```ts
 * import { checkChoice } from "./args.ts";
 * import assert from "node:assert/strict";
 * const options = { name: "key-type", choices: ["rsa", "ed25519"] } as const;
 * assert.equal(checkChoice("rsa", { name: "sign" }, options), "rsa");
 * assert.throws(() => checkChoice("dsa", { name: "sign" }, options));
 * ```
 */
export function checkChoice<T extends string>(
  value: string,
  command: { name: string },
  options: ChoiceOptions<T>,
): T {
  const choice = options.choices.find((candidate) => candidate === value);
  if (choice !== undefined) return choice;
  const accepted = options.choices.map((item) => `"${item}"`).join(", ");
  throw usageError(
    command,
    `invalid value "${value}" for option "--${options.name}": use one of ${accepted}`,
  );
}

/**
 * The named positional arguments, exactly: none after `--`, none missing,
 * none extra.
 *
 * @param args Parsed arguments.
 * @param command The subcommand, for messages.
 * @param names What each one is, for "missing FILE".
 * @returns The arguments, one per name.
 * @throws {IntotoError} `USAGE` naming the missing or unexpected one.
 */
export function positionalArgs<const Names extends readonly string[]>(
  args: ParsedArgs,
  command: { name: string },
  names: Names,
): { [Index in keyof Names]: string } {
  noRest(args, command);
  const given = args.positionals;
  if (given.length < names.length) {
    throw usageError(command, `missing ${names[given.length]}`);
  }
  if (given.length > names.length) {
    throw usageError(command, `unexpected argument "${given[names.length]}"`);
  }
  return given as { [Index in keyof Names]: string };
}

/**
 * Refuses arguments after `--`, for commands that run nothing.
 *
 * @param args Parsed arguments.
 * @param command The subcommand, for messages.
 * @throws {IntotoError} `USAGE` naming the first one.
 */
export function noRest(args: ParsedArgs, command: { name: string }): void {
  if (args.rest.length > 0) {
    throw usageError(command, `unexpected argument "${args.rest[0]}"`);
  }
}
