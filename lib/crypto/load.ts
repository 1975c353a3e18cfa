// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Loading keys from files, with the format detected from the content:
 * - PEM: PKCS#8 (`PRIVATE KEY`), encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`),
 *   PKCS#1 (`RSA PRIVATE KEY`, also with legacy OpenSSL encryption as
 *   `in-toto-keygen -p` 1.3.1 writes), SEC1 (`EC PRIVATE KEY`), SPKI
 *   (`PUBLIC KEY`) and PKCS#1 public (`RSA PUBLIC KEY`);
 * - securesystemslib JSON key files as `in-toto-keygen` 1.3.1 writes them
 *   for ed25519 and ecdsa, plain or password-encrypted.
 *
 * Keyid flavour: with `flavour` unset, PEM keys get the modern keyid and
 * JSON key files their legacy one (what in-toto 1.3.1 computes for them).
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import { isJsonObject, type JsonObject, parseJson } from "../json/parse.ts";
import { readFileBytes } from "../io.ts";
import {
  decryptLegacyPem,
  decryptPkcs8,
  decryptSslibKey,
  isSslibEncrypted,
} from "./encryption.ts";
import { looksLikeGpgKey, parseExportedGpgKey } from "./gpg/keyring.ts";
import { gpgPublicKey } from "./gpg/public_key.ts";
import type { KeyidFlavour, PublicKey, Signer } from "./key.ts";
import { LEGACY_HASH_ALGORITHMS, withFlavour } from "./keyid.ts";
import { decodePem, encodePem, looksLikePem, type PemBlock } from "./pem.ts";
import {
  ed25519Private,
  equalBytes,
  type KeyType,
  parseEcPrivate,
  parsePkcs8,
  parseRsaPrivate,
  parseRsaPublic,
  parseSpki,
  type PrivateKeyInfo,
  type PublicKeyInfo,
} from "./pkcs.ts";
import { defaultScheme, resolveScheme } from "./scheme.ts";
import { createSigner, hexToBytes, parsePublicMaterial } from "./signature.ts";

export { parsePublicKeyObject } from "./key_object.ts";

/** Options for {@linkcode loadSigner} and {@linkcode loadPublicKey}. */
export interface LoadKeyOptions {
  /** The password of an encrypted key; ignored for plain keys. */
  password?: string;
  /** Require this key type (the legacy `-t/--key-type`). */
  keyType?: KeyType;
  /** Which keyid to give the key (see the module doc for the default). */
  flavour?: KeyidFlavour;
}

/** A key file's content, parsed. */
interface ParsedKeyFile {
  publicKey: Omit<PublicKey, "keyid">;
  info: PublicKeyInfo;
  privateKey?: PrivateKeyInfo;
  /** Whether it is a securesystemslib JSON file (legacy keyid by default). */
  json: boolean;
}

function invalid(detail: string): never {
  throw new IntotoError("INVALID_KEY", detail);
}

function needPassword(password: string | undefined): string {
  if (password === undefined) {
    throw new IntotoError(
      "WRONG_PASSWORD",
      "the key is encrypted: give its password",
    );
  }
  return password;
}

/** Runs a parse of decrypted bytes; garbage after decryption is a wrong password. */
function afterDecryption<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IntotoError && error.code === "INVALID_KEY") {
      throw new IntotoError(
        "WRONG_PASSWORD",
        "wrong password, or the key is corrupt",
        { cause: error },
      );
    }
    throw error;
  }
}

function fromInfo(info: PublicKeyInfo): Omit<PublicKey, "keyid"> {
  return {
    keytype: info.type,
    scheme: defaultScheme(info),
    keyval: {
      public: info.type === "ed25519"
        ? bytesToHex(info.raw!)
        : encodePem("PUBLIC KEY", info.spki),
    },
  };
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}

function parsePemPrivate(
  block: PemBlock,
  password: string | undefined,
): PrivateKeyInfo | undefined {
  const encrypted = block.headers.get("Proc-Type") === "4,ENCRYPTED";
  const der = () => {
    if (!encrypted) return block.der;
    const dekInfo = block.headers.get("DEK-Info") ??
      invalid("encrypted PEM has no DEK-Info header");
    return decryptLegacyPem(dekInfo, block.der, needPassword(password));
  };
  const parse = (parser: (der: Uint8Array) => PrivateKeyInfo) => {
    const plain = der();
    return encrypted ? afterDecryption(() => parser(plain)) : parser(plain);
  };
  switch (block.label) {
    case "PRIVATE KEY":
      return parse(parsePkcs8);
    case "RSA PRIVATE KEY":
      return parse(parseRsaPrivate);
    case "EC PRIVATE KEY":
      return parse((der) => parseEcPrivate(der));
    default:
      return undefined;
  }
}

async function parsePem(
  text: string,
  password: string | undefined,
): Promise<ParsedKeyFile> {
  const block = decodePem(text);
  let privateKey: PrivateKeyInfo | undefined;
  if (block.label === "ENCRYPTED PRIVATE KEY") {
    const plain = await decryptPkcs8(block.der, needPassword(password));
    privateKey = afterDecryption(() => parsePkcs8(plain));
  } else {
    privateKey = parsePemPrivate(block, password);
  }
  let info: PublicKeyInfo;
  if (privateKey) {
    info = privateKey.publicKey;
  } else if (block.label === "PUBLIC KEY") {
    info = parseSpki(block.der);
  } else if (block.label === "RSA PUBLIC KEY") {
    info = parseRsaPublic(block.der);
  } else {
    invalid(`unsupported PEM block "${block.label}"`);
  }
  return {
    publicKey: fromInfo(info),
    info,
    json: false,
    ...(privateKey ? { privateKey } : {}),
  };
}

function field(object: JsonObject, name: string, path = name): string {
  const value = Object.hasOwn(object, name) ? object[name] : undefined;
  if (typeof value !== "string") {
    invalid(`"${path}" must be a string`);
  }
  return value;
}

function parseSslibJson(bytes: Uint8Array): ParsedKeyFile {
  let value;
  try {
    value = parseJson(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    invalid(`not valid JSON: ${detail.replace(/^Cannot parse[^:]*: /, "")}`);
  }
  if (!isJsonObject(value)) invalid("a JSON key file must hold an object");
  const keytype = field(value, "keytype");
  const scheme = field(value, "scheme");
  const keyval = Object.hasOwn(value, "keyval") ? value.keyval : undefined;
  if (!isJsonObject(keyval)) invalid(`"keyval" must be an object`);
  const material = field(keyval, "public", "keyval.public");
  const publicKey = {
    keytype,
    scheme,
    keyval: { public: material },
    keyid_hash_algorithms: [...LEGACY_HASH_ALGORITHMS],
  };
  const { info } = parsePublicMaterial(publicKey);
  const secret = Object.hasOwn(keyval, "private") ? keyval.private : undefined;
  let privateKey: PrivateKeyInfo | undefined;
  if (secret !== undefined && secret !== "") {
    if (typeof secret !== "string") {
      invalid(`"keyval.private" must be a string`);
    }
    if (info.type === "ed25519") {
      if (!/^[0-9a-f]{64}$/.test(secret)) {
        invalid(`"keyval.private" must be 64 lowercase hex characters`);
      }
      privateKey = ed25519Private(hexToBytes(secret));
    } else {
      privateKey = parsePemPrivate(decodePem(secret), undefined) ??
        invalid(`"keyval.private" is not a private key PEM`);
    }
    if (!equalBytes(privateKey.publicKey.spki, info.spki)) {
      invalid("the private key does not match the public key");
    }
  }
  if (Object.hasOwn(value, "keyid")) {
    const keyid = field(value, "keyid");
    const expected = withFlavour(publicKey, "legacy").keyid;
    const modern = withFlavour(publicKey, "modern").keyid;
    if (keyid !== expected && keyid !== modern) {
      invalid(`keyid "${keyid}" is not the hash of the key ("${expected}")`);
    }
  }
  return { publicKey, info, json: true, ...(privateKey ? { privateKey } : {}) };
}

async function parseKeyFile(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<ParsedKeyFile> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    invalid("not a PEM or securesystemslib key file");
  }
  const trimmed = text.trim();
  if (isSslibEncrypted(trimmed)) {
    const plain = await decryptSslibKey(trimmed, needPassword(password));
    return afterDecryption(() => parseSslibJson(plain));
  }
  if (/^[{[]/.test(trimmed)) return parseSslibJson(bytes);
  if (looksLikePem(text)) return await parsePem(text, password);
  invalid("not a PEM or securesystemslib key file");
}

/** Key files are small; anything larger is not a key (an RSA-16384 PEM is ~13 KiB). */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

async function loadKeyFile(
  path: string,
  options: LoadKeyOptions,
  bytes?: Uint8Array,
): Promise<ParsedKeyFile & { key: PublicKey }> {
  bytes ??= await readFileBytes(path, { maxBytes: MAX_KEY_FILE_BYTES });
  try {
    const parsed = await parseKeyFile(bytes, options.password);
    if (options.keyType !== undefined && options.keyType !== parsed.info.type) {
      invalid(`it is an ${parsed.info.type} key, not ${options.keyType}`);
    }
    resolveScheme(
      parsed.publicKey.scheme,
      parsed.publicKey.keytype,
      parsed.info,
    );
    const flavour = options.flavour ?? (parsed.json ? "legacy" : "modern");
    return { ...parsed, key: withFlavour(parsed.publicKey, flavour) };
  } catch (error) {
    if (
      error instanceof IntotoError &&
      (error.code === "INVALID_KEY" || error.code === "WRONG_PASSWORD" ||
        error.code === "UNSUPPORTED")
    ) {
      throw new IntotoError(
        error.code,
        `Cannot load key "${path}": ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Loads a private key file and returns a signer for it.
 *
 * @param path The key file.
 * @param options Password, required key type, keyid flavour.
 * @returns The signer; its `publicKey` carries the keyid signatures get.
 * @throws {IntotoError} `FILE_NOT_FOUND`/`IO_ERROR` for the file,
 * `WRONG_PASSWORD` for an encrypted key without or with a wrong password,
 * `INVALID_KEY` for anything that is not a usable private key,
 * `UNSUPPORTED` for unknown encryption algorithms.
 *
 * @example Usage
 * ```ts ignore
 * import { loadSigner } from "./load.ts";
 * const signer = await loadSigner("alice", { flavour: "legacy" });
 * const signature = await signer.sign(new TextEncoder().encode("data"));
 * ```
 */
export async function loadSigner(
  path: string,
  options: LoadKeyOptions = {},
): Promise<Signer> {
  const { privateKey, key } = await loadKeyFile(path, options);
  if (!privateKey) {
    throw new IntotoError(
      "INVALID_KEY",
      `Cannot load key "${path}": it is a public key; pass the private key to sign`,
    );
  }
  return await createSigner(privateKey, key);
}

/**
 * Loads a public key from a public or private key file.
 *
 * @param path The key file.
 * @param options Required key type, keyid flavour, password (only needed for
 * an encrypted private key file).
 * @returns The public key object with its keyid.
 * @throws {IntotoError} As {@linkcode loadSigner}.
 */
export async function loadPublicKey(
  path: string,
  options: LoadKeyOptions = {},
): Promise<PublicKey> {
  const bytes = await readFileBytes(path, { maxBytes: MAX_KEY_FILE_BYTES });
  if (looksLikeGpgKey(bytes)) {
    // An exported OpenPGP key (gpg --export [--armor]): crypto/gpg/.
    try {
      return gpgPublicKey(await parseExportedGpgKey(bytes));
    } catch (error) {
      if (
        !isIntotoError(error, "INVALID_KEY") &&
        !isIntotoError(error, "UNSUPPORTED")
      ) throw error;
      throw new IntotoError(
        error.code,
        `Cannot load GPG key "${path}": ${error.message}`,
        { cause: error },
      );
    }
  }
  return (await loadKeyFile(path, options, bytes)).key;
}
