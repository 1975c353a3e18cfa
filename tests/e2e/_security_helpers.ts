// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Helpers of the security tests (tests/security_*_test.ts): crafted supply
 * chains written to a folder, `intoto verify` and `in-toto-verify` 1.3.1 run
 * on them, and the check that a failure is one clean `error:` line.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  formatSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import {
  intoto,
  intotoCommand,
  reference,
  type RunOptions,
  type RunResult,
  tempDir,
} from "../_helpers.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  layoutJson,
  linkJson,
  sign,
  testKey,
  writeFiles,
  writePublicKeyFile,
} from "../_verify_fixtures.ts";

/** The project owner, who signs root.layout. */
export const OWNER = testKey(9);
/** Functionaries. */
export const ALICE = testKey(1);
/** Functionaries. */
export const BOB = testKey(2);
/** Functionaries. */
export const CARL = testKey(3);

/** Verify arguments: root.layout against owner.pub (ed25519 JSON key). */
export const VERIFY_ARGS = [
  "-l",
  "root.layout",
  "-k",
  "owner.pub",
  "-t",
  "ed25519",
];

/**
 * Writes a chain into a new temporary folder: signed files as the reference
 * writes them, raw text for hand-crafted files, and owner.pub.
 *
 * @param files Name → signed file, or the exact text to write.
 * @returns The folder.
 */
export async function chain(
  files: Record<string, SignedFile | string>,
): Promise<string> {
  const directory = await tempDir();
  const signed: Record<string, SignedFile> = {};
  for (const [name, file] of Object.entries(files)) {
    if (typeof file === "string") {
      await Deno.mkdir(join(directory, name, ".."), { recursive: true });
      await Deno.writeTextFile(join(directory, name), file);
    } else {
      signed[name] = file;
    }
  }
  await writeFiles(directory, signed);
  await writePublicKeyFile(join(directory, "owner.pub"), OWNER);
  return directory;
}

/**
 * Runs `intoto verify` on a folder made by {@linkcode chain}.
 *
 * @param directory The folder.
 * @param extra More arguments.
 * @returns The result.
 */
export function verify(
  directory: string,
  extra: string[] = [],
): Promise<RunResult> {
  return intoto(["verify", ...VERIFY_ARGS, ...extra], { cwd: directory });
}

/**
 * Runs `in-toto-verify` 1.3.1 on a folder made by {@linkcode chain}.
 *
 * @param directory The folder.
 * @returns The result.
 */
export function referenceVerify(directory: string): Promise<RunResult> {
  return reference("in-toto-verify", VERIFY_ARGS, { cwd: directory });
}

/**
 * Asserts that a command passed.
 *
 * @param result What it did.
 * @param what A label for messages.
 */
export function passes(result: RunResult, what = ""): void {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
}

/**
 * Asserts a clean failure: the exit code, and stderr is exactly one line
 * `error: ...` matching `pattern`, with no stack trace.
 *
 * @param result What the command did.
 * @param code 1 (verification failed) or 2 (bad input).
 * @param pattern What the error line says.
 * @param what A label for messages.
 */
export function fails(
  result: RunResult,
  code: 1 | 2,
  pattern: RegExp,
  what = "",
): void {
  const label = `${what}: exit ${result.code}: ${result.stderr}`;
  assert.equal(result.code, code, label);
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  const errors = lines.filter((line) => line.startsWith("error: "));
  assert.equal(errors.length, 1, label);
  assert.ok(
    lines.every((line) =>
      line.startsWith("error: ") || line.startsWith("warning: ")
    ),
    label,
  );
  assert.doesNotMatch(result.stderr, /^\s+at /m, label);
  assert.match(errors[0]!, pattern, label);
}

/**
 * Runs the intoto CLI, killing it after `seconds`: for attacks that could
 * hang. A killed run has a non-zero code and the signal in stderr.
 *
 * @param args Its arguments.
 * @param options Working directory, environment.
 * @param seconds The time limit.
 * @returns The result; `killed` tells whether the limit was hit.
 */
export async function intotoWithin(
  args: string[],
  options: RunOptions & { cwd: string },
  seconds: number,
): Promise<RunResult & { killed: boolean }> {
  const [program, ...rest] = intotoCommand();
  const child = new Deno.Command(program!, {
    args: [...rest, ...args],
    cwd: options.cwd,
    env: options.env ?? {},
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, seconds * 1000);
  const output = await child.output();
  clearTimeout(timer);
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
    killed,
  };
}

/**
 * Whether a path exists.
 *
 * @param path The path.
 * @returns True when it exists.
 */
export async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/**
 * The text of a signed file with one exact replacement, for edits after
 * signing (the signature then covers the old text).
 *
 * @param file The signed file.
 * @param from Text that occurs in its formatted form.
 * @param to The replacement.
 * @returns The edited text.
 */
export function edited(file: SignedFile, from: string, to: string): string {
  const text = formatSignedFile(file);
  assert.ok(text.includes(from), `${JSON.stringify(from)} not in the file`);
  return text.replace(from, to);
}

/**
 * Base64 of bytes, for hand-made DSSE envelopes.
 *
 * @param bytes The bytes.
 * @returns Their standard base64.
 */
export function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/**
 * A layout with one step "build" by ALICE, signed by the owner.
 *
 * @param products The step's product rules.
 * @returns The signed layout.
 */
export function buildLayout(products: string[][] = []): Promise<SignedFile> {
  return sign(
    layoutJson([{ name: "build", keys: [ALICE], products }]),
    [OWNER],
  );
}

/**
 * A DSSE link of step "build" by ALICE, as envelope JSON.
 *
 * @returns The envelope, parsed.
 */
export async function dsseBuildLink(): Promise<Record<string, unknown>> {
  return JSON.parse(
    formatSignedFile(await sign(linkJson("build"), [ALICE], "dsse")),
  );
}

/**
 * A Statement v1 with the link predicate for `name`.
 *
 * @param name The step.
 * @param subject Its products.
 * @param materials Its materials.
 * @returns The statement.
 */
export function linkStatement(
  name: string,
  subject: JsonObject[] = [{ name: "a", digest: { sha256: "0".repeat(64) } }],
  materials: JsonObject[] = [],
): JsonObject {
  return {
    _type: "https://in-toto.io/Statement/v1",
    subject,
    predicateType: "https://in-toto.io/attestation/link/v0.3",
    predicate: { name, command: [], materials, byproducts: {} },
  };
}
