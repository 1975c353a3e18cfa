// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Runs a step's command without a shell, optionally teeing and recording its
 * output, with a time limit.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { IntotoError } from "../errors.ts";
import { MAX_TIMEOUT_SECONDS } from "./timeout.ts";

/** What a step command leaves behind, as a link's `byproducts` stores it. */
export interface Byproducts {
  /** Standard output as text ("" unless recorded). */
  stdout: string;
  /** Standard error as text ("" unless recorded). */
  stderr: string;
  /** The exit code, or minus the signal number that ended the process. */
  "return-value": number;
}

/** Options for {@linkcode runCommand}. */
export interface RunCommandOptions {
  /** Record stdout and stderr (and still show them). Default false. */
  recordStreams?: boolean;
  /** Seconds before the command is killed. Default 10, as in-toto 3. */
  timeout?: number;
  /** Do not show the command's output. Default false. */
  quiet?: boolean;
  /** The command's working directory. Default: ours. */
  cwd?: string;
  /**
   * What runs, for the message of a missing permission, such as
   * `inspection "check"`. Default: `step command "<name>"`.
   */
  purpose?: string;
}

/** The reference's default time limit for a step command, in seconds. */
export const DEFAULT_RUN_TIMEOUT = 10;

export { MAX_TIMEOUT_SECONDS } from "./timeout.ts";

/**
 * Finds the executable a command name refers to. A name with a `/` is used
 * as given; a bare name is looked up in the absolute entries of `PATH`
 * only. Empty entries (which POSIX reads as the current folder) and relative
 * ones such as `.`, `bin` or `./bin` name folders under the working
 * directory, which holds the files being recorded, so they are skipped (as
 * Go's `exec.LookPath` does since Go 1.19): a file in the recorded folder
 * never stands in for a command (attack catalogue X6).
 *
 * @example Usage
 * ```ts
 * import { resolveCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await resolveCommand("sh", { path: ".:/nowhere:/bin" }), "/bin/sh");
 * ```
 *
 * @param name The command's first word.
 * @param options `path`: the search path, default `PATH` from the environment.
 * @returns The path to run.
 * @throws {IntotoError} `STEP_FAILED` when nothing is found.
 */
export async function resolveCommand(
  name: string,
  options: { path?: string } = {},
): Promise<string> {
  if (name.includes("/")) return name;
  if (name !== "") {
    const search = options.path ?? searchPath(name);
    for (const folder of search.split(":")) {
      if (!isAbsolute(folder)) continue;
      const candidate = join(folder, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  throw new IntotoError(
    "STEP_FAILED",
    `Cannot run step command "${name}": command not found`,
  );
}

function searchPath(name: string): string {
  try {
    return Deno.env.get("PATH") ?? "";
  } catch (error) {
    throw new IntotoError(
      "PERMISSION_DENIED",
      `Cannot look up step command "${name}" in PATH: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  // Most PATH folders lack the program: asking first is cheaper than the
  // error a failed stat throws.
  if (!existsSync(path)) return false;
  try {
    const info = await Deno.stat(path);
    return info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/**
 * Runs `argv` (no shell) and reports its byproducts the way in-toto records
 * them: with `recordStreams`, stdout and stderr are shown live and kept as
 * text with line endings turned into `\n` (as Python's text mode does);
 * without it they are shown but stored as `""`. The command is killed when
 * it outlives `timeout`. It runs in a session and process group of its
 * own, so that a timeout or a signal to intoto ends all it started.
 *
 * @example Usage
 * ```ts
 * import { runCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * const byproducts = await runCommand(["sh", "-c", "echo hi; exit 3"], {
 *   recordStreams: true,
 *   quiet: true,
 * });
 * assert.deepEqual(byproducts, { "return-value": 3, stderr: "", stdout: "hi\n" });
 * ```
 *
 * @param argv The command and its arguments.
 * @param options Recording, time limit, quiet, working directory.
 * @returns The byproducts.
 * @throws {IntotoError} `USAGE` for a timeout out of range; `STEP_FAILED`
 * when the command cannot be started or times out; `PERMISSION_DENIED`, before anything else, naming every flag
 * to add when the process may not run the program or read `PATH`.
 */
export async function runCommand(
  argv: readonly string[],
  options: RunCommandOptions = {},
): Promise<Byproducts> {
  const [name = "", ...args] = argv;
  const shown = argv.join(" ");
  const seconds = options.timeout ?? DEFAULT_RUN_TIMEOUT;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new IntotoError(
      "USAGE",
      `Cannot run "${shown}" with a timeout of ${seconds} s: give from 0 to ${MAX_TIMEOUT_SECONDS} s`,
    );
  }
  await checkRunPermissions(
    name,
    options.purpose ?? `step command "${name}"`,
  );
  const program = await resolveCommand(name);
  const record = options.recordStreams ?? false;
  const output = record ? "piped" : options.quiet ? "null" : "inherit";
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args,
      stdin: "inherit",
      stdout: output,
      stderr: output,
      // A session of its own (setsid): the command and all it starts end
      // together when the group is signalled. It still reads a terminal on
      // stdin; only programs that open /dev/tty themselves find none.
      detached: true,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    }).spawn();
  } catch (error) {
    throw spawnError(error, name);
  }
  const kill = (signal: Deno.Signal): void => signalProcess(-child.pid, signal);
  let interrupted: keyof typeof SIGNAL_NUMBERS | undefined;
  const forwarded = forwardSignals((signal) => {
    interrupted = signal;
    kill(signal);
  });
  let exited = false;
  let timedOut = false;
  let reachDeadline = (): void => {};
  const deadline = new Promise<undefined>((resolve) => {
    reachDeadline = () => resolve(undefined);
  });
  const timer = setTimeout(() => {
    if (!exited) {
      timedOut = true;
      kill("SIGKILL");
    }
    reachDeadline();
  }, seconds * 1000);
  const echo = !(options.quiet ?? false);
  const readers = record
    ? [
      new StreamCollector(child.stdout, echo ? Deno.stdout : undefined),
      new StreamCollector(child.stderr, echo ? Deno.stderr : undefined),
    ]
    : [];
  try {
    const status = await child.status;
    exited = !timedOut;
    if (interrupted !== undefined) {
      // What ignored the signal (a shell's background jobs ignore SIGINT)
      // ends now: an interrupted step leaves nothing running.
      kill("SIGKILL");
      throw new IntotoError(
        "INTERRUPTED",
        `Interrupted by ${interrupted}: "${shown}" was stopped, and nothing was recorded`,
        { signal: SIGNAL_NUMBERS[interrupted] },
      );
    }
    if (timedOut) {
      const tail = stderrTail(readers[1]?.text() ?? "");
      throw new IntotoError(
        "STEP_FAILED",
        `Step command "${shown}" timed out after ${seconds} s and was killed${tail}: give it a longer timeout if it needs longer`,
        { remedy: { option: "runTimeout" } },
      );
    }
    // A background process may keep the pipes open after the command exits;
    // stop reading at the time limit (the reference stops at the exit).
    await Promise.race([Promise.all(readers.map((r) => r.done)), deadline]);
    const [stdout = "", stderr = ""] = readers.map((reader) => reader.text());
    return {
      "return-value": status.signal === null ? status.code : 128 - status.code,
      stderr,
      stdout,
    };
  } finally {
    clearTimeout(timer);
    forwarded();
    for (const reader of readers) await reader.cancel();
  }
}

/** How much of a failed command's standard error an explanation shows. */
const TAIL_LINES = 3;
const TAIL_CHARACTERS = 180;

/**
 * The end of a failed command's standard error, for its explanation: its
 * last lines (at most 180 characters), as `; its stderr ended with "..."`,
 * or "" when it wrote nothing.
 *
 * @param stderr The recorded standard error.
 * @returns The phrase to append to an explanation.
 *
 * @example Usage
 * ```ts
 * import { stderrTail } from "./command.ts";
 * import assert from "node:assert/strict";
 * assert.equal(stderrTail("a\nb\n"), '; its stderr ended with "a\nb"');
 * assert.equal(stderrTail(" \n"), "");
 * ```
 */
export function stderrTail(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  if (lines.length === 0) return "";
  let tail = lines.slice(-TAIL_LINES).join("\n");
  if (tail.length > TAIL_CHARACTERS) {
    tail = `...${tail.slice(-TAIL_CHARACTERS)}`;
  }
  return `; its stderr ended with ${
    JSON.stringify(tail).replaceAll("\\n", "\n")
  }`;
}

/**
 * Checks, before the program is looked up, that the process may run it and
 * (for a bare name) read `PATH`, so that a missing permission is one line
 * naming every flag to add.
 */
async function checkRunPermissions(
  name: string,
  purpose: string,
): Promise<void> {
  if (name === "") return;
  const needed: [Deno.PermissionDescriptor, string][] = [
    [{ name: "run", command: name }, `--allow-run=${name}`],
  ];
  if (!name.includes("/")) {
    needed.push([{ name: "env", variable: "PATH" }, "--allow-env=PATH"]);
  }
  const missing: string[] = [];
  for (const [descriptor, flag] of needed) {
    const status = await Deno.permissions.query(descriptor);
    if (status.state !== "granted") missing.push(flag);
  }
  if (missing.length > 0) {
    throw new IntotoError(
      "PERMISSION_DENIED",
      `missing permission for ${purpose}: run with ${missing.join(" ")}`,
    );
  }
}

function spawnError(error: unknown, name: string): IntotoError {
  if (error instanceof Deno.errors.NotCapable) {
    return new IntotoError(
      "PERMISSION_DENIED",
      `Cannot run step command "${name}": ${error.message}`,
      { cause: error },
    );
  }
  const detail = error instanceof Deno.errors.NotFound
    ? "command not found"
    : error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : error instanceof Error
    ? error.message
    : String(error);
  return new IntotoError(
    "STEP_FAILED",
    `Cannot run step command "${name}": ${detail}`,
    { cause: error },
  );
}

/** The signals that stop intoto's work, and their numbers. */
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/** Passes the signals that would stop intoto on; returns the undo. */
function forwardSignals(
  forward: (signal: keyof typeof SIGNAL_NUMBERS) => void,
): () => void {
  const signals = Object.keys(
    SIGNAL_NUMBERS,
  ) as (keyof typeof SIGNAL_NUMBERS)[];
  const listeners = signals.map((signal) => {
    const listener = () => forward(signal);
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) {
      Deno.removeSignalListener(signal, listener);
    }
  };
}

function signalProcess(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Something output can be copied to, such as `Deno.stdout`. */
interface Sink {
  write(bytes: Uint8Array): Promise<number>;
}

/** Reads a child's pipe to the end, copying it to a sink as it comes. */
class StreamCollector {
  /** Settles when the pipe ends (or reading was cancelled). */
  readonly done: Promise<void>;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #chunks: Uint8Array[] = [];

  constructor(stream: ReadableStream<Uint8Array>, sink: Sink | undefined) {
    this.#reader = stream.getReader();
    this.done = this.#pump(sink).catch(() => {});
  }

  async #pump(sink: Sink | undefined): Promise<void> {
    while (true) {
      const { done, value } = await this.#reader.read();
      if (done) return;
      this.#chunks.push(value);
      if (sink !== undefined) await writeAll(sink, value);
    }
  }

  /** What was read so far, decoded as {@linkcode streamText} says. */
  text(): string {
    return streamText(concat(this.#chunks));
  }

  /** Stops reading. */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function writeAll(sink: Sink, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    written += await sink.write(bytes.subarray(written));
  }
}

/** Decodes recorded output as Python's text mode would: UTF-8, `\r\n` and `\r` as `\n`. */
function streamText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).replace(/\r\n?/g, "\n");
}
