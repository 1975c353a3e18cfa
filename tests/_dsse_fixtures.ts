// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Shared setup of the DSSE and attestation CLI tests: the reference's demo
 * supply chain (layout signed by alice, steps write-code by bob and package
 * by carl, inspection untar), envelopes signed with the demo keys, and
 * tampering helpers.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { JsonObject } from "../lib/json/parse.ts";
import {
  formatSignedFile,
  type SignedFileFormat,
  signPayload,
} from "../lib/model/signed_file.ts";
import { loadSigner } from "../lib/crypto/load.ts";
import {
  FIXTURES,
  intoto,
  python,
  type RunResult,
  tempDir,
} from "./_helpers.ts";

/** The reference's demo files. */
export const DEMO_FILES: string = join(FIXTURES, "demo_files");
/** The reference's DSSE demo files. */
export const DSSE_FILES: string = join(FIXTURES, "demo_dsse_files");

/** `intoto verify` of `root.layout` with alice's key, in `cwd`. */
export function verify(cwd: string, extra: string[] = []): Promise<RunResult> {
  return intoto(["verify", "-l", "root.layout", "-k", "alice.pub", ...extra], {
    cwd,
  });
}

/** Asserts a subprocess exited 0, showing its stderr otherwise. */
export function assertOk(result: RunResult): void {
  assert.equal(result.code, 0, result.stderr);
}

/**
 * Asserts a subprocess failed with `code`, a message matching `pattern` and
 * no stack trace.
 */
export function assertFails(
  result: RunResult,
  code: number,
  pattern: RegExp,
): void {
  assert.equal(result.code, code, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, / {4}at /);
}

/**
 * A temporary folder with copies of files: bare names come from the demo
 * files, `dsse/<name>` from the DSSE demo files.
 */
export async function demoDir(...names: string[]): Promise<string> {
  const dir = await tempDir();
  for (const name of names) {
    const source = name.startsWith("dsse/")
      ? join(DSSE_FILES, name.slice(5))
      : join(DEMO_FILES, name);
    await Deno.copyFile(source, join(dir, name.split("/").pop()!));
  }
  return dir;
}

/** A copy of a flat folder. */
export async function copyDir(dir: string): Promise<string> {
  const copy = await tempDir();
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile) {
      await Deno.copyFile(join(dir, entry.name), join(copy, entry.name));
    }
  }
  return copy;
}

/**
 * Writes `demo.layout.template` in `dir`: the demo's unsigned metablock
 * layout with `expires` added and the inspection running the system tar,
 * then `edit` (Python code on `layout`) applied.
 */
export async function writeDemoTemplate(
  dir: string,
  edit = "",
): Promise<void> {
  const template = join(DEMO_FILES, "demo.layout.template");
  const result = await python(
    `
import json
metablock = json.load(open(${JSON.stringify(template)}))
layout = metablock["signed"]
layout["expires"] = "2099-01-01T00:00:00Z"
layout["inspect"][0]["run"] = ["tar", "xfz", "foo.tar.gz"]
${edit}
json.dump(metablock, open("demo.layout.template", "w"), indent=1)
`,
    { cwd: dir },
  );
  assertOk(result);
}

/** Signs `demo.layout.template` in `dir` with alice into `root.layout`. */
export async function signLayout(
  dir: string,
  extra: string[] = [],
): Promise<void> {
  assertOk(
    await intoto(
      [
        "sign",
        "-f",
        "demo.layout.template",
        "-k",
        "alice",
        "-o",
        "root.layout",
        ...extra,
      ],
      { cwd: dir },
    ),
  );
}

/**
 * Signs `payload` with a demo key (legacy keyid, as the demo layout lists
 * it) and returns the file's text.
 */
export async function signAs(
  payload: JsonObject,
  key: "alice" | "bob" | "carl",
  format: SignedFileFormat = "dsse",
): Promise<string> {
  const signer = await loadSigner(join(DEMO_FILES, key));
  return formatSignedFile(await signPayload(payload, [signer], { format }));
}

/** The parsed payload of a DSSE envelope's text. */
export function envelopePayload(text: string): JsonObject {
  const envelope = JSON.parse(text);
  return JSON.parse(
    new TextDecoder().decode(Uint8Array.fromBase64(envelope.payload)),
  );
}

/**
 * The envelope's text with its payload replaced by `payload` (encoded as
 * in-toto does, compact JSON), its signatures kept: a tampered envelope.
 */
export function withPayload(text: string, payload: JsonObject): string {
  const envelope = JSON.parse(text);
  envelope.payload = new TextEncoder().encode(JSON.stringify(payload))
    .toBase64();
  return JSON.stringify(envelope);
}
