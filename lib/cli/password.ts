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

/**
 * The password given with `--prompt` (read from the terminal, or the first
 * line of stdin) or `--password PW`, if any.
 *
 * @param args Parsed arguments with the boolean `prompt` and string
 * `password` options.
 * @param command The subcommand (its name and options), for messages.
 * @param options Confirmation.
 * @returns The password, or undefined for none.
 * @throws {IntotoError} `USAGE` when both are given.
 */
export async function passwordOption(
  args: ParsedArgs,
  command: CommandOptions,
  options: ReadPasswordOptions = {},
): Promise<string | undefined> {
  const given = stringOption(args, "password");
  if (!flagOption(args, "prompt")) return given;
  if (given !== undefined) {
    throw usageError(
      command,
      `options "${optionFlag(command, "prompt")}" and "${
        optionFlag(command, "password")
      }" exclude each other`,
    );
  }
  return await readPassword("Enter password: ", options);
}

/** The longest password line read from stdin, in bytes. */
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
  Deno.stderr.writeSync(new TextEncoder().encode(prompt));
  Deno.stdin.setRaw(true);
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
