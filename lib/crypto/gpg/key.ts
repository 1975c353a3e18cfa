// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * OpenPGP public keys as the reference stores them in layouts: the dict
 * securesystemslib's `gpg.functions.export_pubkey` makes (`type`, `method`,
 * `hashes`, `keyid`, `keyval.public`, `creation_time`, `validity_period`,
 * `subkeys`), its validation, and the v4 fingerprint that is its keyid.
 *
 * @module
 */

import { createHash } from "node:crypto";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../../json/parse.ts";

/** The key algorithms the reference supports. */
export type GpgKeyType = "rsa" | "dsa" | "eddsa";

/** One key of an OpenPGP certificate: the primary or a subkey. */
export type GpgKeyPart = {
  /** The v4 fingerprint, 40 lowercase hex characters. */
  keyid: string;
  /** The algorithm. */
  type: GpgKeyType;
  /** Its public parameters as lowercase hex: {n,e}, {p,q,g,y} or {q}. */
  public: Record<string, string>;
  /** Seconds since the epoch, when known. */
  creationTime?: number;
  /** Seconds after `creationTime` when the key expires, when it does. */
  validityPeriod?: number;
  /** When a revocation signature was found (keyrings only), in seconds. */
  revoked?: number;
};

/** An OpenPGP primary key and its usable subkeys. */
export type GpgKey = GpgKeyPart & {
  /** Subkeys by fingerprint. */
  subkeys: Record<string, GpgKeyPart>;
};

/** Per algorithm: its OpenPGP number, `method` and public parameters. */
export const GPG_ALGORITHMS: Readonly<
  Record<GpgKeyType, { id: number; method: string; params: readonly string[] }>
> = {
  rsa: { id: 1, method: "pgp+rsa-pkcsv1.5", params: ["n", "e"] },
  dsa: { id: 17, method: "pgp+dsa-fips-180-2", params: ["p", "q", "g", "y"] },
  eddsa: { id: 22, method: "pgp+eddsa-ed25519", params: ["q"] },
};

/** The curve OID of legacy EdDSA keys (Ed25519), with its length octet. */
export const ED25519_OID: Uint8Array = new Uint8Array([
  9,
  0x2b,
  0x06,
  0x01,
  0x04,
  0x01,
  0xda,
  0x47,
  0x0f,
  0x01,
]);

/**
 * The algorithm of an OpenPGP public-key algorithm number.
 *
 * @param id The number (1 RSA, 17 DSA, 22 EdDSA).
 * @returns The type, or undefined when unsupported.
 */
export function gpgTypeOf(id: number): GpgKeyType | undefined {
  return (Object.keys(GPG_ALGORITHMS) as GpgKeyType[]).find((type) =>
    GPG_ALGORITHMS[type].id === id
  );
}

/**
 * Whether a layout key object is in the GPG dict form (it has `method` or
 * `type` instead of `scheme` and `keytype`).
 *
 * @param value A key object.
 * @returns True for the GPG form.
 */
export function isGpgKeyObject(value: JsonObject): boolean {
  return !Object.hasOwn(value, "keytype") &&
    (Object.hasOwn(value, "method") || Object.hasOwn(value, "type"));
}

function mpi(hex: string): Uint8Array {
  const bytes = Uint8Array.fromHex(hex);
  const bits = bytes.length === 0
    ? 0
    : (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!));
  const out = new Uint8Array(2 + bytes.length);
  out[0] = bits >> 8;
  out[1] = bits & 0xff;
  out.set(bytes, 2);
  return out;
}

/**
 * The v4 fingerprint of a key part with a known creation time: SHA-1 of
 * `0x99 ‖ u16 length ‖ body`, the body rebuilt from the parameters.
 *
 * @param part The key part.
 * @param creationTime Its creation time.
 * @returns The fingerprint, lowercase hex.
 */
export function fingerprintOf(
  part: Pick<GpgKeyPart, "type" | "public">,
  creationTime: number,
): string {
  const parts: Uint8Array[] = [];
  if (part.type === "eddsa") {
    parts.push(ED25519_OID, mpi(`40${part.public.q}`));
  } else {
    for (const name of GPG_ALGORITHMS[part.type].params) {
      parts.push(mpi(part.public[name]!));
    }
  }
  const length = 6 + parts.reduce((sum, item) => sum + item.length, 0);
  const head = new Uint8Array(9);
  const view = new DataView(head.buffer);
  head[0] = 0x99;
  view.setUint16(1, length);
  head[3] = 4;
  view.setUint32(4, creationTime);
  head[8] = GPG_ALGORITHMS[part.type].id;
  const hash = createHash("sha1").update(head);
  for (const item of parts) hash.update(item);
  return hash.digest("hex");
}

const PART_FIELDS = new Set([
  "keyid",
  "type",
  "method",
  "hashes",
  "keyval",
  "creation_time",
  "validity_period",
]);

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Validates a GPG key dict from a layout: `keyid` a lowercase v4
 * fingerprint, a supported `type` with its `method`, `hashes`
 * `["pgp+SHA2"]`, the parameters of the type as even-length lowercase hex
 * without leading zero bytes (an Ed25519 point of 32 bytes), an empty
 * `keyval.private`, non-negative integer times, subkeys of the same form
 * under their own keyids, and, when `creation_time` is given, a keyid that
 * is the fingerprint of the parameters.
 *
 * @param value The parsed key object.
 * @param fail Called with the field path and a detail; must throw.
 * @returns The key.
 */
export function parseGpgKeyDict(
  value: JsonObject,
  fail: (field: string, detail: string) => never,
): GpgKey {
  const primary = parsePart(value, "", fail, true);
  const subkeys: Record<string, GpgKeyPart> = {};
  if (Object.hasOwn(value, "subkeys")) {
    const list = value.subkeys;
    if (!isJsonObject(list)) {
      return fail("subkeys", `expected an object, got ${describe(list)}`);
    }
    for (const [id, item] of Object.entries(list)) {
      const path = `subkeys.${id}`;
      if (!isJsonObject(item)) {
        return fail(path, `expected a key object, got ${describe(item)}`);
      }
      const part = parsePart(item, `${path}.`, fail, false);
      if (part.keyid !== id) {
        fail(
          path,
          `the subkey is listed under "${id}" but its keyid is "${part.keyid}"`,
        );
      }
      if (id === primary.keyid) {
        fail(path, "a subkey cannot be its primary key");
      }
      Object.defineProperty(subkeys, id, { value: part, enumerable: true });
    }
  }
  return { ...primary, subkeys };
}

function parsePart(
  value: JsonObject,
  prefix: string,
  fail: (field: string, detail: string) => never,
  primary: boolean,
): GpgKeyPart {
  for (const field of Object.keys(value)) {
    if (!PART_FIELDS.has(field) && !(primary && field === "subkeys")) {
      fail(prefix.slice(0, -1), `unknown key field "${field}"`);
    }
  }
  const get = (field: string) =>
    Object.hasOwn(value, field) ? value[field] : undefined;
  const keyid = get("keyid");
  if (typeof keyid !== "string" || !/^[0-9a-f]{40}$/.test(keyid)) {
    return fail(
      `${prefix}keyid`,
      `expected a GPG fingerprint of 40 lowercase hex characters, got ${
        typeof keyid === "string" ? `"${keyid}"` : describe(keyid)
      }`,
    );
  }
  const type = get("type");
  if (typeof type !== "string" || !Object.hasOwn(GPG_ALGORITHMS, type)) {
    return fail(
      `${prefix}type`,
      `expected "rsa", "dsa" or "eddsa", got ${
        typeof type === "string" ? `"${type}"` : describe(type)
      }`,
    );
  }
  const algorithm = GPG_ALGORITHMS[type as GpgKeyType];
  if (get("method") !== algorithm.method) {
    fail(
      `${prefix}method`,
      `expected "${algorithm.method}" for type "${type}"`,
    );
  }
  const hashes = get("hashes");
  if (
    !Array.isArray(hashes) || hashes.length !== 1 || hashes[0] !== "pgp+SHA2"
  ) {
    fail(`${prefix}hashes`, 'expected ["pgp+SHA2"]');
  }
  const keyval = get("keyval");
  if (!isJsonObject(keyval)) {
    return fail(
      `${prefix}keyval`,
      `expected an object, got ${describe(keyval)}`,
    );
  }
  for (const field of Object.keys(keyval)) {
    if (field !== "public" && field !== "private") {
      fail(`${prefix}keyval`, `unknown field "${field}"`);
    }
  }
  if (Object.hasOwn(keyval, "private") && keyval.private !== "") {
    fail(`${prefix}keyval.private`, "a layout must not carry a private key");
  }
  const material = keyval.public;
  if (!isJsonObject(material)) {
    return fail(
      `${prefix}keyval.public`,
      `expected an object of ${algorithm.params.join(", ")}, got ${
        describe(material)
      }`,
    );
  }
  const params: Record<string, string> = {};
  const names = Object.keys(material);
  if (
    names.length !== algorithm.params.length ||
    !algorithm.params.every((name) => names.includes(name))
  ) {
    fail(
      `${prefix}keyval.public`,
      `expected exactly the fields ${
        algorithm.params.join(", ")
      } for type "${type}"`,
    );
  }
  for (const name of algorithm.params) {
    const hex = material[name];
    const path = `${prefix}keyval.public.${name}`;
    if (
      typeof hex !== "string" || !/^(?:[0-9a-f]{2})+$/.test(hex) ||
      hex.startsWith("00")
    ) {
      fail(path, "expected lowercase hex bytes without leading zero bytes");
    }
    params[name] = hex as string;
  }
  if (type === "eddsa" && params.q!.length !== 64) {
    fail(`${prefix}keyval.public.q`, "expected a 32-byte Ed25519 point");
  }
  const part: GpgKeyPart = { keyid, type: type as GpgKeyType, public: params };
  for (
    const [field, name] of [
      ["creation_time", "creationTime"],
      ["validity_period", "validityPeriod"],
    ] as const
  ) {
    const time = get(field);
    if (time === undefined) continue;
    if (typeof time !== "number" || !Number.isSafeInteger(time) || time < 0) {
      fail(`${prefix}${field}`, "expected a non-negative integer of seconds");
    }
    if (time !== 0) part[name] = time as number;
  }
  if (part.creationTime !== undefined) {
    const fingerprint = fingerprintOf(part, part.creationTime);
    if (fingerprint !== keyid) {
      fail(
        `${prefix}keyid`,
        `"${keyid}" is not the fingerprint of the key ("${fingerprint}")`,
      );
    }
  }
  return part;
}

/**
 * The dict form of a key, as the reference exports it, for a layout.
 *
 * @param key The key.
 * @returns The key object (`keyid`, `type`, `method`, `hashes`, `keyval`,
 * `creation_time`, `validity_period` when it expires, `subkeys` when any).
 */
export function gpgKeyDict(key: GpgKey): JsonObject {
  const dict = partDict(key);
  if (Object.keys(key.subkeys).length > 0) {
    dict.subkeys = Object.fromEntries(
      Object.entries(key.subkeys).map(([id, part]) => [id, partDict(part)]),
    );
  }
  return dict;
}

function partDict(part: GpgKeyPart): JsonObject {
  const dict: JsonObject = {
    creation_time: part.creationTime ?? 0,
    hashes: ["pgp+SHA2"],
    keyid: part.keyid,
    keyval: { private: "", public: { ...part.public } },
    method: GPG_ALGORITHMS[part.type].method,
    type: part.type,
  };
  if (part.creationTime === undefined) delete dict.creation_time;
  if (part.validityPeriod !== undefined) {
    dict.validity_period = part.validityPeriod;
  }
  return dict;
}
