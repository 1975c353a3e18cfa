// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Builders for verification tests: ed25519 keys from fixed seeds, layouts
 * and links as JSON, signed with our signing code, and written as files.
 *
 * @module
 */

import { ed25519 } from "@noble/curves/ed25519.js";
import { join } from "node:path";
import type { JsonObject, JsonValue } from "../lib/json/parse.ts";
import {
  formatSignedFile,
  type SignedFile,
  signPayload,
} from "../lib/model/signed_file.ts";
import type { PublicKey, Signer } from "../lib/crypto/key.ts";
import { computeKeyid } from "../lib/crypto/keyid.ts";

/** A test key: its signer and public key (legacy keyid). */
export interface TestKey {
  signer: Signer;
  publicKey: PublicKey;
  /** The first 8 characters of the keyid, as in link file names. */
  prefix: string;
}

/**
 * An ed25519 key made from a fixed seed, so tests are reproducible.
 *
 * @param seed Any small number; equal seeds give equal keys.
 * @returns The key.
 */
export function testKey(seed: number): TestKey {
  const secret = new Uint8Array(32).fill(seed);
  const material = {
    keytype: "ed25519",
    scheme: "ed25519",
    keyval: { public: toHex(ed25519.getPublicKey(secret)) },
  };
  const keyid = computeKeyid(material, "legacy");
  const publicKey: PublicKey = {
    ...material,
    keyid,
    keyid_hash_algorithms: ["sha256", "sha512"],
  };
  return {
    publicKey,
    prefix: keyid.slice(0, 8),
    signer: {
      publicKey,
      sign: (data) => Promise.resolve(ed25519.sign(data, secret)),
    },
  };
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** A step as a layout holds it. */
export interface StepSpec {
  name: string;
  keys: TestKey[];
  threshold?: number;
  command?: string[];
  materials?: string[][];
  products?: string[][];
}

/** An inspection as a layout holds it. */
export interface InspectionSpec {
  name: string;
  run: string[];
  materials?: string[][];
  products?: string[][];
}

/**
 * A layout payload.
 *
 * @param steps The steps.
 * @param options Inspections, expiry, extra fields to override.
 * @returns The JSON object to sign.
 */
export function layoutJson(
  steps: StepSpec[],
  options: {
    inspections?: InspectionSpec[];
    expires?: string;
    override?: JsonObject;
  } = {},
): JsonObject {
  const keys: JsonObject = {};
  for (const step of steps) {
    for (const key of step.keys) {
      keys[key.publicKey.keyid] = key.publicKey as unknown as JsonObject;
    }
  }
  return {
    _type: "layout",
    expires: options.expires ?? "2099-01-01T00:00:00Z",
    readme: "",
    keys,
    steps: steps.map((step) => ({
      _type: "step",
      name: step.name,
      threshold: step.threshold ?? 1,
      pubkeys: step.keys.map((key) => key.publicKey.keyid),
      expected_command: step.command ?? [],
      expected_materials: step.materials ?? [],
      expected_products: step.products ?? [],
    })),
    inspect: (options.inspections ?? []).map((inspection) => ({
      _type: "inspection",
      name: inspection.name,
      run: inspection.run,
      expected_materials: inspection.materials ?? [],
      expected_products: inspection.products ?? [],
    })),
    ...options.override,
  };
}

/**
 * A digest set whose sha256 is `text` repeated (any text, for tests).
 *
 * @param text A short label such as `"a"`.
 * @returns `{sha256: ...}` with 64 hex characters.
 */
export function digest(text: string): { sha256: string } {
  const hex = Array.from(
    new TextEncoder().encode(text),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  return { sha256: hex.repeat(64).slice(0, 64) };
}

/**
 * A link payload.
 *
 * @param name The step's name.
 * @param options Materials and products (name → label for
 * {@linkcode digest}, or a full digest set), command, extra fields.
 * @returns The JSON object to sign.
 */
export function linkJson(
  name: string,
  options: {
    materials?: Record<string, string | JsonObject>;
    products?: Record<string, string | JsonObject>;
    command?: string[];
    returnValue?: number;
    override?: JsonObject;
  } = {},
): JsonObject {
  const artifacts = (map: Record<string, string | JsonObject> = {}) => {
    const result: JsonObject = {};
    for (const [path, value] of Object.entries(map)) {
      Object.defineProperty(result, path, {
        value: typeof value === "string" ? digest(value) : value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  };
  return {
    _type: "link",
    name,
    command: options.command ?? [],
    materials: artifacts(options.materials),
    products: artifacts(options.products),
    byproducts: {
      "return-value": options.returnValue ?? 0,
      stderr: "",
      stdout: "",
    },
    environment: {},
    ...options.override,
  };
}

/**
 * Signs a payload with test keys.
 *
 * @param payload The JSON object.
 * @param keys Who signs.
 * @param format metablock (default) or dsse.
 * @returns The signed file.
 */
export function sign(
  payload: JsonValue,
  keys: TestKey[],
  format: "metablock" | "dsse" = "metablock",
): Promise<SignedFile> {
  return signPayload(payload as JsonObject, keys.map((key) => key.signer), {
    format,
  });
}

/**
 * The file name of a step's link by a key.
 *
 * @param step The step's name.
 * @param key The functionary's key.
 * @returns `<step>.<keyid8>.link`.
 */
export function linkFile(step: string, key: TestKey): string {
  return `${step}.${key.prefix}.link`;
}

/**
 * Writes signed files into a directory.
 *
 * @param directory Where.
 * @param files Name → signed file.
 */
export async function writeFiles(
  directory: string,
  files: Record<string, SignedFile>,
): Promise<void> {
  for (const [name, file] of Object.entries(files)) {
    const path = join(directory, name);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, formatSignedFile(file));
  }
}

/**
 * Writes a public key as a securesystemslib JSON key file (what `-k` and
 * `-t ed25519` read).
 *
 * @param path The file.
 * @param key The key.
 */
export async function writePublicKeyFile(
  path: string,
  key: TestKey,
): Promise<void> {
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      keytype: key.publicKey.keytype,
      scheme: key.publicKey.scheme,
      keyid: key.publicKey.keyid,
      keyid_hash_algorithms: ["sha256", "sha512"],
      keyval: { public: key.publicKey.keyval.public },
    }),
  );
}

/**
 * Writes a chain with a sublayout: root.layout, signed by `owner` (its key in
 * owner.pub), delegates "build" to `alice`, whose sublayout has "compile"
 * by `carl`, whose link (in `build.<alice's keyid8>/`) creates a.out.
 *
 * @param directory Where.
 * @param keys The owner, alice and carl; `compileProducts`, rules that the
 * sublayout sets for compile's products (none by default).
 */
export async function writeDelegatedChain(
  directory: string,
  keys: {
    owner: TestKey;
    alice: TestKey;
    carl: TestKey;
    compileProducts?: string[][];
  },
): Promise<void> {
  const { owner, alice, carl } = keys;
  await writeFiles(directory, {
    "root.layout": await sign(
      layoutJson([{
        name: "build",
        keys: [alice],
        products: [["CREATE", "a.out"], ["DISALLOW", "*"]],
      }]),
      [owner],
    ),
    [linkFile("build", alice)]: await sign(
      layoutJson([{
        name: "compile",
        keys: [carl],
        ...(keys.compileProducts ? { products: keys.compileProducts } : {}),
      }]),
      [alice],
    ),
    [`build.${alice.prefix}/${linkFile("compile", carl)}`]: await sign(
      linkJson("compile", { products: { "a.out": "o" } }),
      [carl],
    ),
  });
  await writePublicKeyFile(join(directory, "owner.pub"), owner);
}
