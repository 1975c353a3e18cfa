// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Fixtures of the signed file tests (tests/model/signed_file_*_test.ts): the
 * reference's demo keys, loaded once, its demo layout as a payload, and
 * parsing of hand-made files.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  parseSignedFile,
  readSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import type { PublicKey, Signer } from "../../lib/crypto/key.ts";
import { loadPublicKey, loadSigner } from "../../lib/crypto/load.ts";
import { FIXTURES } from "../_helpers.ts";

/** The reference's demo files: keys, links and the layout template. */
export const DEMO: string = join(FIXTURES, "demo_files");
/** The reference's demo signed as DSSE envelopes. */
export const DSSE: string = join(FIXTURES, "demo_dsse_files");
/** UTF-8 bytes of a string. */
export const utf8 = (text: string): Uint8Array =>
  new TextEncoder().encode(text);

/** The demo's ed25519 key, as a signer. */
export const danny: Signer = await loadSigner(join(DEMO, "danny"), {
  keyType: "ed25519",
});
/** The demo's RSA public keys. */
export const bob: PublicKey = await loadPublicKey(join(DEMO, "bob.pub"), {
  keyType: "rsa",
});
/** The demo's RSA public keys. */
export const carl: PublicKey = await loadPublicKey(join(DEMO, "carl.pub"), {
  keyType: "rsa",
});
/** The demo's RSA public keys. */
export const alice: PublicKey = await loadPublicKey(join(DEMO, "alice.pub"), {
  keyType: "rsa",
});

/**
 * Parses a JSON value as the signed file x.link.
 *
 * @param value The file's content.
 * @returns The signed file.
 */
export function parse(value: unknown): SignedFile {
  return parseSignedFile(utf8(JSON.stringify(value)), "x.link");
}

/**
 * Asserts that {@linkcode parse} refuses a value with `code` and a message
 * matching `message`.
 *
 * @param value The file's content.
 * @param code The expected error code.
 * @param message What the error says.
 */
export function rejects(value: unknown, code: string, message: RegExp): void {
  assert.throws(() => parse(value), (error) => {
    assert.equal((error as { code?: string }).code, code);
    assert.match((error as Error).message, message);
    return true;
  });
}

/**
 * The demo layout template's payload, with an expiry and a readme of
 * non-ASCII text, a U+2028 and a newline.
 *
 * @returns The layout payload.
 */
export async function layoutPayload(): Promise<JsonObject> {
  const template = await readSignedFile(join(DEMO, "demo.layout.template"));
  return {
    ...template.payload,
    expires: "2030-01-01T00:00:00Z",
    readme: "café \u{1f600}\n\u2028",
  };
}
