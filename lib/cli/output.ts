// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Everything the CLI writes: machine-readable output on stdout, status lines
 * and warnings on stderr, and the one place where errors become an
 * `error: ...` line and an exit code.
 *
 * @module
 */

import { IntotoError, type Remedy } from "../errors.ts";
import type { CommandContext } from "./command.ts";

const encoder = new TextEncoder();

function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string) {
  const bytes = encoder.encode(text);
  let written = 0;
  try {
    while (written < bytes.length) {
      written += stream.writeSync(bytes.subarray(written));
    }
  } catch (error) {
    // A reader that went away (`intoto ... | head`) is not our error.
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
  }
}

/**
 * Writes one line to stderr.
 *
 * @param line The text, without the newline.
 */
export function writeStderr(line: string): void {
  writeAll(Deno.stderr, `${line}\n`);
}

/**
 * Writes text to stdout, adding a newline unless it already ends in one.
 *
 * @param text The text.
 */
export function writeStdout(text: string): void {
  writeAll(Deno.stdout, text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * Escapes control characters so that one message stays one line and cannot
 * drive the terminal (file names and metadata may hold anything).
 *
 * @param message Any text.
 * @returns The text with control characters as `\n`, `\t`, `\x1b`...
 */
export function oneLine(message: string): string {
  // deno-lint-ignore no-control-regex
  return message.replace(/[\x00-\x1f\x7f]/g, (char) => {
    if (char === "\n") return "\\n";
    if (char === "\t") return "\\t";
    if (char === "\r") return "\\r";
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

/** Options for {@linkcode OutputContext}. */
export interface OutputOptions {
  /** Show debug lines and, on failure, the cause chain. */
  verbose?: boolean;
  /** Hide status lines and warnings. */
  quiet?: boolean;
}

/**
 * The {@linkcode CommandContext} of the real CLI: stdout and stderr.
 *
 * @example Usage
 * ```ts
 * import { OutputContext } from "./output.ts";
 * import assert from "node:assert/strict";
 * const context = new OutputContext({ quiet: true });
 * assert.equal(context.quiet, true);
 * context.info("not shown");
 * ```
 */
export class OutputContext implements CommandContext {
  #verbose: boolean;
  #quiet: boolean;

  /** @param options Verbosity. */
  constructor(options: OutputOptions = {}) {
    this.#verbose = options.verbose ?? false;
    this.#quiet = options.quiet ?? false;
  }

  /** `-v/--verbose` was given. */
  get verbose(): boolean {
    return this.#verbose;
  }

  /** `-q/--quiet` was given. */
  get quiet(): boolean {
    return this.#quiet;
  }

  /** @param message Printed as `warning: <message>` on stderr unless quiet. */
  warn(message: string): void {
    if (!this.#quiet) writeStderr(`warning: ${oneLine(message)}`);
  }

  /** @param message Printed on stderr unless quiet. */
  info(message: string): void {
    if (!this.#quiet) writeStderr(message);
  }

  /** @param message Printed on stderr only when verbose. */
  debug(message: string): void {
    if (this.#verbose) writeStderr(message);
  }

  /** @param text Written on stdout, newline-terminated. */
  print(text: string): void {
    writeStdout(text);
  }
}

/**
 * Prints an error as one `error: ...` line on stderr (with the cause chain
 * under `--verbose`) and decides the exit code: the error's own for an
 * `IntotoError`, 2 for a missing permission, 2 for anything unexpected.
 *
 * @param error What was thrown.
 * @param options Verbosity.
 * @returns The exit code, 1 or 2.
 */
export function reportError(
  error: unknown,
  options: OutputOptions = {},
): number {
  const notCapable = findCause(
    error,
    (item) => item instanceof Deno.errors.NotCapable,
  );
  let code: number;
  let message: string;
  if (notCapable !== undefined) {
    code = 2;
    message = permissionMessage(String((notCapable as Error).message));
  } else if (error instanceof IntotoError) {
    code = error.exitCode;
    // Wrapping errors keep the original as their cause, remedy and all.
    const remedy = (findCause(
      error,
      (item) => item instanceof IntotoError && item.remedy !== undefined,
    ) as IntotoError | undefined)?.remedy;
    message = remedy === undefined
      ? error.message
      : `${error.message} (${remedyFlag(remedy)})`;
  } else {
    code = 2;
    const detail = error instanceof Error ? error.message : String(error);
    message = options.verbose
      ? `internal error: ${detail}`
      : `internal error: ${detail} (run with --verbose for details)`;
  }
  writeStderr(
    `error: ${oneLine(options.verbose ? message : shorten(message))}`,
  );
  if (options.verbose) {
    for (const line of causeChain(error)) writeStderr(line);
  }
  return code;
}

/**
 * The flag that sets the library option an error names, as the user types
 * it.
 *
 * @param remedy The option and its value.
 * @returns Such as `--param version=VALUE`.
 */
export function remedyFlag(remedy: Remedy): string {
  switch (remedy.option) {
    case "runTimeout":
      return "--run-timeout SECONDS";
    case "inspectionTimeout":
      return "--inspection-timeout SECONDS";
    case "layoutKeys":
      return "--verification-keys KEY or --layout-keys KEY";
    case "allowSublayoutInspections":
      return "--allow-sublayout-inspections";
    case "parameter":
      return `--param ${remedy.value ?? "NAME"}=VALUE`;
    case "matchByDigest":
      return "--match-by-digest";
  }
}

/** Longest quoted value shown in full in an error line without `--verbose`. */
const MAX_QUOTED = 200;

/**
 * Shortens the overlong quoted values of a message (a path of thousands of
 * characters) to their start and end, so the error line stays readable.
 *
 * @param message An error message.
 * @returns The message with each `"value"` over 200 characters elided.
 *
 * @example Usage
 * ```ts
 * import { shorten } from "./output.ts";
 * import assert from "node:assert/strict";
 * const long = "a".repeat(300);
 * assert.equal(
 *   shorten(`Cannot read "${long}": too long`),
 *   `Cannot read "${"a".repeat(60)}...${"a".repeat(60)}" (300 characters): too long`,
 * );
 * assert.equal(shorten('Cannot read "x"'), 'Cannot read "x"');
 * ```
 */
export function shorten(message: string): string {
  return message.replace(
    new RegExp(`"([^"]{${MAX_QUOTED + 1},})"`, "g"),
    (_, value: string) =>
      `"${value.slice(0, 60)}...${
        value.slice(-60)
      }" (${value.length} characters)`,
  );
}

/**
 * Turns Deno's `NotCapable` message into our one line.
 *
 * @param denoMessage Such as `Requires read access to "x", run again with
 * the --allow-read flag`.
 * @returns Such as `missing permission: read access to "x"; run with
 * --allow-read`.
 */
export function permissionMessage(denoMessage: string): string {
  const match = /^Requires (.+?), run again with the (--allow-[a-z-]+) flag/
    .exec(denoMessage);
  if (match?.[2] === "--allow-all") {
    // Deno guards special files such as /proc/* and /dev/* this way; intoto
    // always drops "all", so no flag helps: another path does.
    return `cannot use ${
      match[1]?.replace(/^all access to /, "")
    }: Deno allows it only with full access, which intoto never keeps; choose another path`;
  }
  return match
    ? `missing permission: ${match[1]}; run with ${match[2]}`
    : `missing permission: ${denoMessage}`;
}

function findCause(
  error: unknown,
  predicate: (item: unknown) => boolean,
): unknown {
  const seen = new Set<unknown>();
  for (let item = error; item !== undefined && !seen.has(item);) {
    if (predicate(item)) return item;
    seen.add(item);
    item = item instanceof Error ? item.cause : undefined;
  }
  return undefined;
}

function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>([error]);
  let item = error instanceof Error ? error.cause : undefined;
  while (item !== undefined && !seen.has(item)) {
    seen.add(item);
    const text = item instanceof Error
      ? `${item.name}: ${item.message}`
      : String(item);
    lines.push(`  caused by: ${oneLine(text)}`);
    item = item instanceof Error ? item.cause : undefined;
  }
  const innermost = [...seen].reverse().find((entry) =>
    entry instanceof Error && !(entry instanceof IntotoError)
  );
  if (innermost instanceof Error && innermost.stack) {
    lines.push(...innermost.stack.split("\n").map((line) => `  ${line}`));
  }
  return lines;
}
