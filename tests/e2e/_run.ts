// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Helpers of the step command tests (run, record, mock, match-products):
 * the demo's key danny, the name of its links, and checks on what a
 * command left behind.
 *
 * @module
 */
import { join } from "node:path";
import { readSignedFile, verifiedKeys } from "../../lib/model/signed_file.ts";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import { FIXTURES } from "../_helpers.ts";

/** The demo's ed25519 private key danny. */
export const DANNY: string = join(FIXTURES, "demo_files", "danny");
/** The signing flags for danny. */
export const KEY: string[] = ["-k", DANNY, "-t", "ed25519"];
/** The file name of step `name`'s link signed by danny. */
export const LINK = (name: string): string => `${name}.36a5529f.link`;

/**
 * Whether a path exists (following symbolic links).
 *
 * @param path The path.
 * @returns True when it exists.
 */
export async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/**
 * The names in a folder, sorted.
 *
 * @param dir The folder.
 * @returns Its entries' names.
 */
export async function list(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

/**
 * Whether a signed file carries a valid signature by danny.
 *
 * @param path The file.
 * @returns True when danny's key verifies it.
 */
export async function dannyVerifies(path: string): Promise<boolean> {
  const key = await loadPublicKey(join(FIXTURES, "demo_files", "danny.pub"), {
    keyType: "ed25519",
  });
  const file = await readSignedFile(path);
  return (await verifiedKeys(file, [key])).length === 1;
}
