// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What every subcommand module in `lib/cli/` exports: its options, help text,
 * the permissions it keeps, and its entry point.
 *
 * @module
 */

import type { OptionTable, OptionValues } from "./option_table.ts";

/** A Deno permission a subcommand may keep; all others are revoked at start. */
export type PermissionName = "read" | "write" | "run" | "env" | "sys";

/**
 * The command line after parsing.
 *
 * @typeParam O The subcommand's option table: `values` has its names only.
 */
export interface ParsedArgs<O extends OptionTable = OptionTable> {
  /** Option values by long name, typed by the table; absent when not given. */
  values: OptionValues<O>;
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

/**
 * A subcommand such as `run` or `record start`.
 *
 * @typeParam O Its option table, which types the `args` of `main`.
 */
export interface CommandSpec<O extends OptionTable = OptionTable> {
  /** As typed: `run`, `record start`, `key id`. */
  name: string;
  /** One line for `intoto --help`. */
  summary: string;
  /**
   * The hand-written part of `intoto <name> --help`: the title, the USAGE
   * section, then EXIT CODES and EXAMPLES. The OPTIONS sections are written
   * from `options` (`help.ts`).
   */
  help: string;
  /** Paragraphs shown below the options, such as how lists are given. */
  optionNotes?: string;
  /**
   * Its options by long name, declared once for parsing, help, completions
   * and the man page (the common options are added).
   */
  options: O;
  /** The permissions it needs; the rest are revoked before `main` runs. */
  permissions: PermissionName[];
  /**
   * Permissions it needs only for some options (such as `write` for
   * `verify --report FILE.html`), kept when those options are given.
   *
   * @param args The parsed command line.
   * @returns The permissions to keep besides `permissions`.
   */
  permissionsFor?(args: ParsedArgs<O>): PermissionName[];
  /**
   * Runs the command. Throw an `IntotoError` to fail; the CLI prints it.
   *
   * @param args The parsed command line.
   * @param context Output and verbosity.
   * @returns The exit code: 0 success, 1 failure.
   */
  main(args: ParsedArgs<O>, context: CommandContext): Promise<number>;
}
