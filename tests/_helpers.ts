// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Shared test helpers: temporary folders, the intoto CLI and the Python
 * reference as real subprocesses, and paths into testdata/.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { V8_FLAGS } from "../scripts/v8_flags.ts";

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** The reference's own test vectors, copied from in-toto (see NOTICE). */
export const FIXTURES: string = join(ROOT, "testdata", "in-toto-python");

/** The Debian python3 that has securesystemslib and in_toto. */
export const PYTHON = "/usr/bin/python3";

/** Output of a finished subprocess. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@linkcode intoto} and {@linkcode reference}. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
}

/**
 * Runs a program to completion, without a shell.
 *
 * @param argv The program and its arguments.
 * @param options Working directory (default: the repository), extra
 * environment, stdin.
 * @returns Exit code and output.
 */
export async function execute(
  argv: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const [program, ...args] = argv;
  const child = new Deno.Command(program!, {
    args,
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * The command that starts intoto: `INTOTO_CMD` (space-separated, to test a
 * built artifact such as `dist/intoto`) or `deno run ... cli.ts`.
 */
export function intotoCommand(): string[] {
  const custom = Deno.env.get("INTOTO_CMD");
  if (custom) return custom.split(" ").filter((part) => part !== "");
  return denoRunCommand(join(ROOT, "cli.ts"));
}

/**
 * `deno run` of a script with the permissions and V8 flags intoto runs with.
 *
 * @param script The script's path.
 * @returns Program and arguments.
 */
export function denoRunCommand(script: string): string[] {
  return [
    Deno.execPath(),
    "run",
    "--quiet",
    ...V8_FLAGS,
    "--allow-read",
    "--allow-write",
    "--allow-run",
    "--allow-env",
    script,
  ];
}

/**
 * Runs the intoto CLI as a real subprocess.
 *
 * @param args Its arguments.
 * @param options Working directory, extra environment, stdin.
 * @returns Exit code and output.
 */
export function intoto(
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return execute([...intotoCommand(), ...args], options);
}

/**
 * Runs a tool of the Python reference, in-toto 1.3.1 from Debian, such as
 * `in-toto-verify`.
 *
 * @param tool The executable name.
 * @param args Its arguments.
 * @param options Working directory, extra environment, stdin.
 * @returns Exit code and output.
 */
export function reference(
  tool: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return execute([`/usr/bin/${tool}`, ...args], options);
}

/**
 * Runs a Python snippet with the Debian python3 (securesystemslib 0.26).
 *
 * @param code The program.
 * @param options Working directory, stdin.
 * @returns Exit code and output.
 */
export function python(
  code: string,
  options: RunOptions = {},
): Promise<RunResult> {
  return execute([PYTHON, "-c", code], options);
}

/** Every folder {@linkcode tempDir} made in this test module. */
const temporaryFolders: string[] = [];

// Removed when the module's tests are over, passed or failed, so that no
// run leaves folders behind (the test task counts them).
globalThis.addEventListener("unload", () => {
  for (const folder of temporaryFolders) {
    try {
      Deno.removeSync(folder, { recursive: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
});

/**
 * Makes a temporary folder, optionally filled with copies of fixture files.
 * It is removed when the test module ends, whatever the tests' outcome.
 *
 * @param fixtures Paths relative to {@linkcode FIXTURES} to copy in.
 * @returns The folder's absolute path.
 */
export async function tempDir(...fixtures: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "intoto-test-" });
  temporaryFolders.push(dir);
  for (const fixture of fixtures) {
    const name = fixture.split("/").pop()!;
    await Deno.copyFile(join(FIXTURES, fixture), join(dir, name));
  }
  return dir;
}

/** Options for {@linkcode underTerminal}. */
export interface TerminalOptions {
  /** Working directory. */
  cwd?: string;
  /** When `prompt` appears in the output, `text` and Enter are typed. */
  answer?: { prompt: string; text: string };
}

/** What a program under a terminal did: its exit code and all it printed. */
export interface TerminalResult {
  /** Exit code (negative for a signal). */
  code: number;
  /** stdout and stderr together, as the terminal showed them. */
  out: string;
}

/** Python's pty module runs the program with a terminal on every stream. */
const TERMINAL_DRIVER = `
import json, os, pty, sys
argv = json.loads(sys.argv[1])
answer = json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if answer and answer["prompt"].encode() in out:
        os.write(fd, answer["text"].encode() + b"\\r")
        answer = None
_, status = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "out": out.decode("utf-8", "replace")}))
`;

/**
 * Runs a program with a pseudo-terminal on stdin, stdout and stderr, as a
 * person at a terminal would, optionally answering one prompt.
 *
 * @param argv The program and its arguments.
 * @param options Working directory, and a prompt to answer.
 * @returns Its exit code and what it printed.
 */
export async function underTerminal(
  argv: string[],
  options: TerminalOptions = {},
): Promise<TerminalResult> {
  const output = await new Deno.Command(PYTHON, {
    args: [
      "-c",
      TERMINAL_DRIVER,
      JSON.stringify(argv),
      JSON.stringify(options.answer ?? null),
    ],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (output.code !== 0) {
    throw new Error(
      `the terminal driver failed: ${new TextDecoder().decode(output.stderr)}`,
    );
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}
