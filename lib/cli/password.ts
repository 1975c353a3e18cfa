// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Reading a key password: from the terminal without echo (like the
 * reference's prompt), or, when stdin is not a terminal, as the first line of
 * stdin, so scripts and tests can pipe it in.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import {
  type CommandOptions,
  flagOption,
  optionFlag,
  stringOption,
  usageError,
} from "./args.ts";
import type { ParsedArgs } from "./command.ts";
import { writeStderr } from "./output.ts";
import { ioError } from "../io.ts";

/** Options for {@linkcode readPassword}. */
export interface ReadPasswordOptions {
  /** Ask twice on a terminal and require both to match (for new keys). */
  confirm?: boolean;
}

/**
 * Reads a password from the terminal or stdin.
 *
 * @param prompt Shown on stderr before reading from a terminal.
 * @param options Confirmation.
 * @returns The password, without the line ending.
 * @throws {IntotoError} `USAGE` when stdin is empty, the prompt is cancelled
 * or the two entries differ.
 */
export async function readPassword(
  prompt: string,
  options: ReadPasswordOptions = {},
): Promise<string> {
  if (!Deno.stdin.isTerminal()) return await readFirstLine(Deno.stdin.readable);
  const password = await readHidden(prompt);
  if (options.confirm) {
    const again = await readHidden("Confirm password: ");
    if (again !== password) {
      throw new IntotoError("USAGE", "Cannot use password: entries differ");
    }
  }
  return password;
}

/** Options for {@linkcode passwordOption}. */
export interface PasswordOptionOptions extends ReadPasswordOptions {
  /** Receives the warning about a password given on the command line. */
  warn?: (message: string) => void;
}

/**
 * The password from the command line, if any, from one of:
 * - `-P`/`--password` without a value, or `--prompt`: asked on the terminal
 *   without echo (or the first line of stdin when it is not a terminal), as
 *   the reference's `-P` does;
 * - `--password-env NAME`: the environment variable NAME, for CI;
 * - `--password-file FILE`: the first line of FILE;
 * - `--password PW`: PW itself, with a warning, since other users of the
 *   machine can read a command line.
 *
 * @param args Parsed arguments; a command without some of the options
 * simply has no value for them.
 * @param command The subcommand (its name and options), for messages.
 * @param options Confirmation, and where the warning goes.
 * @returns The password, or undefined for none.
 * @throws {IntotoError} `USAGE` when more than one source is given, the
 * variable is not set, or the file is unreadable or empty.
 */
export async function passwordOption(
  args: ParsedArgs,
  command: CommandOptions,
  options: PasswordOptionOptions = {},
): Promise<string | undefined> {
  const given = stringOption(args, "password");
  const variable = stringOption(args, "password-env");
  const file = stringOption(args, "password-file");
  const ask = given === "" || flagOption(args, "prompt");
  const sources = [
    given === undefined ? undefined : "password",
    flagOption(args, "prompt") ? "prompt" : undefined,
    variable === undefined ? undefined : "password-env",
    file === undefined ? undefined : "password-file",
  ].filter((name) => name !== undefined);
  if (sources.length > 1) {
    throw usageError(
      command,
      `options ${
        sources.map((name) => `"${optionFlag(command, name)}"`).join(" and ")
      } exclude each other: give the password one way`,
    );
  }
  if (ask) return await readPassword("Enter password: ", options);
  if (variable !== undefined) {
    const value = Deno.env.get(variable);
    if (value === undefined) {
      throw usageError(
        command,
        `environment variable "${variable}" of option "--password-env" is not set`,
      );
    }
    return value;
  }
  if (file !== undefined) return await passwordFromFile(file, command);
  if (given !== undefined) {
    options.warn?.(
      `a password given as "${
        optionFlag(command, "password")
      } PW" can be read by other users of this machine and stays in the shell's history: give "-P" alone to be asked, or use "--password-env NAME" or "--password-file FILE"`,
    );
  }
  return given;
}

/** The first line of a password file. */
async function passwordFromFile(
  path: string,
  command: CommandOptions,
): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw ioError(error, "read password file", path);
  }
  const line = text.split(/\r?\n|\r/)[0] ?? "";
  if (line === "") {
    throw usageError(
      command,
      `password file "${path}" of option "--password-file" is empty`,
    );
  }
  return line;
}

const MAX_PASSWORD_BYTES = 64 * 1024;

/**
 * The first line of a stream, reading no further than its end (so stdin
 * from `/dev/zero` or an endless pipe cannot exhaust memory).
 */
async function readFirstLine(
  stream: ReadableStream<Uint8Array>,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const reader = stream.getReader();
  try {
    while (!ended) {
      const { value, done } = await reader.read();
      if (done) break;
      const end = value.findIndex((byte) => byte === 0x0a || byte === 0x0d);
      ended = end !== -1;
      chunks.push(ended ? value.subarray(0, end) : value);
      size += ended ? end : value.length;
      if (size > MAX_PASSWORD_BYTES) {
        throw new IntotoError(
          "LIMIT_EXCEEDED",
          `Cannot read password: the first line of stdin is longer than ${MAX_PASSWORD_BYTES} bytes`,
        );
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (!ended && size === 0) {
    throw new IntotoError(
      "USAGE",
      "Cannot read password: stdin is empty; pipe the password in or use a terminal",
    );
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

async function readHidden(prompt: string): Promise<string> {
  // Echo goes off before the prompt shows, so nothing typed at once echoes.
  Deno.stdin.setRaw(true);
  Deno.stderr.writeSync(new TextEncoder().encode(prompt));
  const chars: string[] = [];
  const buffer = new Uint8Array(64);
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const count = await Deno.stdin.read(buffer);
      if (count === null) break;
      const text = decoder.decode(buffer.subarray(0, count), { stream: true });
      for (const char of text) {
        if (char === "\r" || char === "\n") return chars.join("");
        if (char === "\x03" || char === "\x04") {
          throw new IntotoError("USAGE", "Cannot read password: cancelled");
        }
        if (char === "\x7f" || char === "\b") chars.pop();
        else chars.push(char);
      }
    }
    return chars.join("");
  } finally {
    Deno.stdin.setRaw(false);
    writeStderr("");
  }
}
