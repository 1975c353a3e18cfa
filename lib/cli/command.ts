// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What every subcommand module in `lib/cli/` exports: its options, help text,
 * the permissions it keeps, and its entry point.
 *
 * @module
 */

import type { ParseArgsOptionsConfig } from "node:util";

/** A Deno permission a subcommand may keep; all others are revoked at start. */
export type PermissionName = "read" | "write" | "run" | "env" | "sys";

/** The command line after parsing. */
export interface ParsedArgs {
  /** Option values by long name, as `node:util` `parseArgs` gives them. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  /** Positional arguments before `--`. */
  positionals: string[];
  /** Everything after `--`, untouched (the step command of `run`). */
  rest: string[];
}

/** How a subcommand talks to the user; the CLI owns the streams. */
export interface CommandContext {
  /** `-v/--verbose` was given. */
  verbose: boolean;
  /** `-q/--quiet` was given. */
  quiet: boolean;
  /** Prints `warning: <message>` on stderr, unless quiet. */
  warn(message: string): void;
  /** Prints a progress or status line on stderr, unless quiet. */
  info(message: string): void;
  /** Prints a detail line on stderr, only when verbose. */
  debug(message: string): void;
  /** Writes machine-readable output on stdout. */
  print(text: string): void;
}

/** A subcommand such as `run` or `record start`. */
export interface CommandSpec {
  /** As typed: `run`, `record start`, `key id`. */
  name: string;
  /** One line for `intoto --help`. */
  summary: string;
  /** The full `intoto <name> --help` text: USAGE and OPTIONS sections. */
  help: string;
  /** `parseArgs` options by long name (`-v/--verbose` and `-h/--help` are added). */
  options: ParseArgsOptionsConfig;
  /** String options whose value may be left out (see `parseCommandArgs`). */
  optionalValues?: readonly string[];
  /** The permissions it needs; the rest are revoked before `main` runs. */
  permissions: PermissionName[];
  /**
   * Permissions it needs only for some options (such as `write` for
   * `verify --report FILE.html`), kept when those options are given.
   */
  permissionsFor?: (args: ParsedArgs) => PermissionName[];
  /**
   * Runs the command. Throw an `IntotoError` to fail; the CLI prints it.
   *
   * @param args The parsed command line.
   * @param context Output and verbosity.
   * @returns The exit code: 0 success, 1 failure.
   */
  main(args: ParsedArgs, context: CommandContext): Promise<number>;
}
