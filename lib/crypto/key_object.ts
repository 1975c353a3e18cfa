// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Public key objects as layouts carry them (`signed.keys.<keyid>`): their
 * validation, including that the keyid is the hash of the key, and the
 * object to write for a loaded key.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";
import type { KeyidFlavour, PublicKey } from "./key.ts";
import { gpgKeyDict, isGpgKeyObject, parseGpgKeyDict } from "./gpg/key.ts";
import { gpgPublicKey } from "./gpg/public_key.ts";
import { gpgDate } from "./gpg/verify.ts";
import { hashKeyObject, keyidsOf, withFlavour } from "./keyid.ts";
import { parsePublicMaterial } from "./signature.ts";

/** The fields a key object may have. */
export const KEY_FIELDS: ReadonlySet<string> = new Set([
  "keyid",
  "keytype",
  "scheme",
  "keyval",
  "keyid_hash_algorithms",
]);

/** The fields a key object's `keyval` may have. */
export const KEYVAL_FIELDS: ReadonlySet<string> = new Set([
  "public",
  "private",
  "certificate",
]);

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Validates a public key object from a layout: the required fields and their
 * types, a known scheme that fits the keytype and the key material, an RSA
 * key of at least 2048 bits, an empty `keyval.private` if present, and a
 * `keyid` that is the sha256 of the key in the legacy or modern flavour (or
 * of the object exactly as written).
 *
 * @param value The parsed JSON value.
 * @param where Where it is, for messages: `layout "root.layout" at keys.ab12`.
 * @returns The key, without `keyval.private` and `keyval.certificate`.
 * @throws {IntotoError} `INVALID_METADATA`, naming `where` and the field.
 */
export function parsePublicKeyObject(
  value: JsonValue,
  where: string,
): PublicKey {
  const fail = (field: string, detail: string): never => {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid ${where}${field === "" ? "" : ` at ${field}`}: ${detail}`,
    );
  };
  if (!isJsonObject(value)) {
    return fail("", `expected a key object, got ${describe(value)}`);
  }
  if (isGpgKeyObject(value)) return gpgPublicKey(parseGpgKeyDict(value, fail));
  for (const field of Object.keys(value)) {
    if (!KEY_FIELDS.has(field)) fail("", `unknown key field "${field}"`);
  }
  const text = (object: JsonObject, field: string, path: string): string => {
    const item = Object.hasOwn(object, field) ? object[field] : undefined;
    if (typeof item !== "string" || item === "") {
      return fail(path, `expected a non-empty string, got ${describe(item)}`);
    }
    return item;
  };
  const keyid = text(value, "keyid", "keyid");
  if (!/^[0-9a-f]{64}$/.test(keyid)) {
    fail("keyid", `"${keyid}" is not 64 lowercase hex characters`);
  }
  const keytype = text(value, "keytype", "keytype");
  const scheme = text(value, "scheme", "scheme");
  const keyval = value.keyval;
  if (!isJsonObject(keyval)) {
    return fail("keyval", `expected an object, got ${describe(keyval)}`);
  }
  for (const field of Object.keys(keyval)) {
    if (!KEYVAL_FIELDS.has(field)) {
      fail("keyval", `unknown field "${field}"`);
    }
  }
  const material = text(keyval, "public", "keyval.public");
  if (Object.hasOwn(keyval, "private") && keyval.private !== "") {
    fail("keyval.private", "a layout must not carry a private key");
  }
  if (
    Object.hasOwn(keyval, "certificate") &&
    typeof keyval.certificate !== "string"
  ) {
    fail("keyval.certificate", "expected a string");
  }
  const key: PublicKey = {
    keyid,
    keytype,
    scheme,
    keyval: { public: material },
  };
  if (Object.hasOwn(value, "keyid_hash_algorithms")) {
    const algorithms = value.keyid_hash_algorithms;
    if (
      !Array.isArray(algorithms) ||
      !algorithms.every((item) => typeof item === "string")
    ) {
      fail("keyid_hash_algorithms", "expected an array of strings");
    }
    key.keyid_hash_algorithms = algorithms as string[];
  }
  try {
    parsePublicMaterial(key);
  } catch (error) {
    if (!(error instanceof IntotoError)) throw error;
    fail("", error.message);
  }
  const { keyid: _, ...rest } = key;
  const { legacy, modern } = keyidsOf(rest);
  const asWritten = hashKeyObject(rest as unknown as JsonObject);
  if (keyid !== legacy && keyid !== modern && keyid !== asWritten) {
    fail(
      "keyid",
      `"${keyid}" is not the hash of the key (legacy keyid "${legacy}", modern keyid "${modern}")`,
    );
  }
  return key;
}

/**
 * The object a layout lists a key as, under its keyid: a GPG key's dict as
 * the reference stores it (keyid: its fingerprint), any other key with the
 * keyid of `flavour`.
 *
 * @param key A loaded public key.
 * @param flavour `legacy` (in-toto 1.3.1 `-k`) or `modern` (in-toto 3).
 * @param source Where the key comes from, for messages (default its keyid).
 * @returns The keyid and the object.
 * @throws {IntotoError} `INVALID_KEY` for a GPG key with a revoked key or
 * subkey: a layout's key dict cannot say so.
 *
 * @example Usage
 * ```ts ignore
 * import { layoutKeyObject } from "./key_object.ts";
 * import { loadPublicKey } from "./load.ts";
 * const { keyid, object } = layoutKeyObject(await loadPublicKey("bob.pub"), "legacy");
 * ```
 */
export function layoutKeyObject(
  key: PublicKey,
  flavour: KeyidFlavour,
  source: string = key.keyid,
): { keyid: string; object: JsonObject } {
  if (key.gpg === undefined) {
    const object = withFlavour(key, flavour);
    return { keyid: object.keyid, object: object as unknown as JsonObject };
  }
  const gpg = key.gpg;
  const revoked = [gpg, ...Object.values(gpg.subkeys)].find((part) =>
    part.revoked !== undefined
  );
  if (revoked !== undefined) {
    throw new IntotoError(
      "INVALID_KEY",
      `Cannot use GPG key "${source}": ${
        revoked === gpg ? "the key" : `its subkey "${revoked.keyid}"`
      } was revoked on ${gpgDate(revoked.revoked!)}`,
    );
  }
  return { keyid: key.keyid, object: gpgKeyDict(gpg) };
}
