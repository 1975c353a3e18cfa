// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signed in-toto metadata files in either format: the traditional metablock
 * `{signed, signatures}` and the DSSE envelope. Signatures are checked over
 * exactly the bytes received (the canonical form of the raw `signed` object,
 * or the PAE of the raw payload), never over a re-serialised model.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import { readFileBytes } from "../io.ts";
import type { PublicKey, Signer } from "../crypto/key.ts";
import { verifySignature } from "../crypto/signature.ts";
import { verifyGpgSignature } from "../crypto/gpg/verify.ts";
import { canonicalBytes, encodeCanonical } from "../json/canonical.ts";
import { canonicalMember } from "../json/canonical_member.ts";
import { formatPythonJson, indentCanonical } from "../json/python.ts";
import {
  envelopeToJson,
  type FileSignature,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  parseEnvelope,
  signatureCert,
  signatureToJson,
} from "./dsse.ts";
import {
  decodeJsonText,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
} from "../json/parse.ts";
import { keyMaterial } from "../crypto/key_identity.ts";
import { childPath, describeValue, MetadataChecker } from "./validate.ts";

export type { FileSignature } from "./dsse.ts";

/** The two formats of signed metadata. */
export type SignedFileFormat = "metablock" | "dsse";

/** A signed metadata file, parsed but not yet verified. */
export interface SignedFile {
  /** A `{signed, signatures}` metablock or a DSSE envelope. */
  format: SignedFileFormat;
  /** The signed object (metablock `signed`, or the parsed DSSE payload). */
  payload: JsonObject;
  /** What signatures cover: canonical JSON of `signed`, or the DSSE PAE. */
  signedBytes: Uint8Array;
  /** The signatures, each with the keyid its signer gave. */
  signatures: FileSignature[];
  /** DSSE only: the payload type. */
  payloadType?: string;
  /** DSSE only: exactly the payload bytes, written back unchanged. */
  payloadBytes?: Uint8Array;
}

/** Most signatures a file may carry. */
export const MAX_SIGNATURES = 256;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function checkCount(count: number, source: string): void {
  if (count > MAX_SIGNATURES) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Cannot load "${source}": it has ${count} signatures, more than the limit of ${MAX_SIGNATURES}`,
    );
  }
}

function parseMetablock(
  object: JsonObject,
  options: { member: () => Uint8Array | undefined; source: string },
): SignedFile {
  const { member, source } = options;
  const checker: MetadataChecker = new MetadataChecker("metablock", {
    source,
  });
  const payload = checker.object(object.signed, "signed");
  const list = checker.array(object.signatures, "signatures");
  checkCount(list.length, source);
  const signatures = list.map((item, index): FileSignature => {
    const path = childPath("signatures", index);
    const signature = checker.object(item, path);
    const hex = (field: string) => {
      const fieldPath = childPath(path, field);
      const text = checker.string(signature[field], fieldPath);
      if (text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) {
        checker.fail(
          fieldPath,
          `expected the ${
            field === "other_headers" ? "headers" : "signature"
          } in hex`,
        );
      }
      return Uint8Array.fromHex(text.toLowerCase());
    };
    const keyid = checker.string(
      signature.keyid,
      childPath(path, "keyid"),
      true,
    );
    // A GPG signature (crypto/gpg/): {keyid, other_headers, signature}.
    if (Object.hasOwn(signature, "signature")) {
      return {
        keyid,
        sig: hex("signature"),
        otherHeaders: hex("other_headers"),
      };
    }
    return {
      keyid,
      sig: hex("sig"),
      ...signatureCert(checker, signature, path),
    };
  });
  return {
    format: "metablock",
    payload,
    // Read from the file when it is canonical but for whitespace (every
    // file in-toto writes), else encoded: the same bytes either way.
    signedBytes: member() ?? canonicalBytes(payload),
    signatures,
  };
}

function parseDsse(object: JsonObject, source: string): SignedFile {
  if (Array.isArray(object.signatures)) {
    checkCount(object.signatures.length, source);
  }
  const envelope = parseEnvelope(object, { source });
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid DSSE envelope "${source}": payloadType must be "${IN_TOTO_PAYLOAD_TYPE}", not "${envelope.payloadType}"`,
    );
  }
  let payload: JsonValue;
  try {
    payload = parseJson(envelope.payload, { source: `${source} payload` });
  } catch (error) {
    if (!isIntotoError(error, "INVALID_JSON")) throw error;
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid DSSE envelope "${source}": the payload is not valid JSON: ${error.message}`,
      { cause: error },
    );
  }
  if (!isJsonObject(payload)) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid DSSE envelope "${source}": the payload must be a JSON object, not ${
        describeValue(payload)
      }`,
    );
  }
  return {
    format: "dsse",
    payload,
    signedBytes: pae(envelope.payloadType, envelope.payload),
    signatures: envelope.signatures,
    payloadType: envelope.payloadType,
    payloadBytes: envelope.payload,
  };
}

/**
 * Parses a signed metadata file, detecting its format from its content: an
 * object with `signed` and `signatures` is a metablock (signatures
 * `{keyid, sig}` in hex, either case); one with `payload`, `payloadType` and
 * `signatures` is a DSSE envelope, whose payload type must be
 * `application/vnd.in-toto+json` and whose payload must be exactly a JSON
 * object. Nothing is verified here.
 *
 * @param bytes The file's content.
 * @param source The file name, for messages.
 * @returns The parsed file.
 * @throws {IntotoError} `INVALID_JSON`, `INVALID_METADATA`,
 * `LIMIT_EXCEEDED` (more than 256 signatures).
 *
 * @example Usage
 * ```ts
 * import { formatSignedFile, parseSignedFile } from "./signed_file.ts";
 * import assert from "node:assert/strict";
 * const text = '{\n "signatures": [],\n "signed": {\n  "_type": "link"\n }\n}';
 * const file = parseSignedFile(new TextEncoder().encode(text), "a.link");
 * assert.equal(file.format, "metablock");
 * assert.equal(new TextDecoder().decode(file.signedBytes), '{"_type":"link"}');
 * assert.equal(formatSignedFile(file), text);
 * ```
 */
export function parseSignedFile(bytes: Uint8Array, source: string): SignedFile {
  return parseSignedText(decodeJsonText(bytes, { source }), {
    source,
    member: () => canonicalMember(bytes, "signed"),
  });
}

/**
 * {@linkcode parseSignedFile} of the file's text, given the canonical bytes
 * of its `signed` member when the file has them.
 */
function parseSignedText(
  text: string,
  options: { member: () => Uint8Array | undefined; source: string },
): SignedFile {
  const { source } = options;
  const value = parseJson(text, { source });
  if (isJsonObject(value)) {
    const has = (key: string) => Object.hasOwn(value, key);
    const dsse = has("payload") || has("payloadType");
    if (has("signed") && has("signatures") && !dsse) {
      return parseMetablock(value, options);
    }
    if (dsse && has("signatures") && !has("signed")) {
      return parseDsse(value, source);
    }
  }
  throw new IntotoError(
    "INVALID_METADATA",
    `Cannot load "${source}": not signed in-toto metadata: expected an object with "signed" and "signatures", or a DSSE envelope with "payload", "payloadType" and "signatures"`,
  );
}

/** Options of {@linkcode readSignedFile}. */
export interface ReadSignedFileOptions {
  /** The largest file accepted, in bytes (default 256 MiB). */
  maxBytes?: number;
}

/**
 * Reads and parses a signed metadata file, refusing anything but a regular
 * file and reading no more than `maxBytes`. A link of a million artifacts
 * is some 100 MB, so no two large copies are held at once where one will
 * do: the signed bytes are read from the file's bytes first, and the bytes
 * are given back once decoded (not at a later collection), before the
 * parser builds the value from the text.
 *
 * @param path The file.
 * @param options The size bound (default 256 MiB).
 * @returns The parsed file.
 * @throws {IntotoError} As {@linkcode parseSignedFile}, or `FILE_NOT_FOUND`,
 * `IO_ERROR`, `PERMISSION_DENIED`, `LIMIT_EXCEEDED`.
 */
export async function readSignedFile(
  path: string,
  options: ReadSignedFileOptions = {},
): Promise<SignedFile> {
  const bytes = await readFileBytes(path, options);
  let member: Uint8Array | undefined;
  let text: string;
  try {
    // Wrong bytes for a file that does not parse, but then it is refused.
    member = canonicalMember(bytes, "signed");
    text = decodeJsonText(bytes, { source: path });
  } finally {
    if (bytes.buffer instanceof ArrayBuffer) bytes.buffer.transfer(0);
  }
  return parseSignedText(text, { source: path, member: () => member });
}

/**
 * The distinct keys among `keys` that verify at least one signature of
 * `file`. A signature's keyid is only a hint for the order of tries: a
 * signature with an empty or wrong keyid still counts for the key that
 * verifies it. Keys are distinct by public material, so one key listed
 * twice, or one signature repeated, is counted once.
 *
 * @param file A parsed file.
 * @param keys Candidate keys.
 * @returns The keys that verified, first listing of each key, in `keys` order.
 * @throws {IntotoError} `INVALID_KEY` for a key that cannot be used;
 * `SIGNATURE_INVALID` for a GPG signature that verifies but by an expired or
 * revoked key, or that uses SHA-1 or MD5 (`crypto/gpg/verify.ts`).
 */
export async function verifiedKeys(
  file: SignedFile,
  keys: readonly PublicKey[],
): Promise<PublicKey[]> {
  const result: PublicKey[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    const material = keyMaterial(key);
    if (seen.has(material)) continue;
    const ordered = [
      ...file.signatures.filter((signature) => signature.keyid === key.keyid),
      ...file.signatures.filter((signature) => signature.keyid !== key.keyid),
    ];
    for (const signature of ordered) {
      if (await verifiesWith(key, signature, file.signedBytes)) {
        seen.add(material);
        result.push(key);
        break;
      }
    }
  }
  return result;
}

/** A GPG signature verifies only with a GPG key, any other with the rest. */
async function verifiesWith(
  key: PublicKey,
  signature: FileSignature,
  bytes: Uint8Array,
): Promise<boolean> {
  const { keyid, sig, otherHeaders } = signature;
  if (key.gpg === undefined || otherHeaders === undefined) {
    return key.gpg === undefined && otherHeaders === undefined &&
      await verifySignature(key, sig, bytes);
  }
  return await verifyGpgSignature(
    key.gpg,
    { keyid, otherHeaders, signature: sig },
    bytes,
  );
}

/** Options for {@linkcode signPayload}. */
export interface SignPayloadOptions {
  /** The format to write. */
  format: SignedFileFormat;
  /**
   * A signed file to add signatures to (`sign -a`): its signatures are kept,
   * except one by the same keyid as a new one, which is replaced. Its
   * payload must be the same; a DSSE payload keeps its exact bytes.
   */
  existing?: SignedFile;
}

/**
 * Signs `payload` with every signer. Metablocks sign the canonical JSON of
 * `payload`; DSSE envelopes sign the PAE of the payload written as Python's
 * `json.dumps(sort_keys=True)`, as in-toto does.
 *
 * @param payload The link or layout object.
 * @param signers The signers, each labelling its signature with its keyid.
 * @param options The format, and an existing file to append to.
 * @returns The signed file.
 * @throws {IntotoError} `USAGE` when appending to a file of another format
 * or with another payload.
 */
export async function signPayload(
  payload: JsonObject,
  signers: readonly Signer[],
  options: SignPayloadOptions,
): Promise<SignedFile> {
  const file = unsignedFile(payload, options);
  file.signatures = await signatures(file, signers);
  return file;
}

/**
 * The UTF-8 bytes of {@linkcode formatSignedFile} of
 * {@linkcode signPayload}, faster: the payload is formatted while the
 * signatures are computed (Web Crypto signs on another thread), straight
 * into bytes, which matters for links of many artifacts.
 *
 * @param payload The link or layout object.
 * @param signers The signers, each labelling its signature with its keyid.
 * @param options The format, and an existing file to append to.
 * @returns The content of the signed file.
 * @throws {IntotoError} As {@linkcode signPayload}.
 */
export async function signedFileBytes(
  payload: JsonObject,
  signers: readonly Signer[],
  options: SignPayloadOptions,
): Promise<Uint8Array> {
  const file = unsignedFile(payload, options);
  const signing = signatures(file, signers);
  const finish = formatter(file);
  return finish(await signing);
}

/** The file to sign: the payload's signed bytes, the kept signatures. */
function unsignedFile(
  payload: JsonObject,
  options: SignPayloadOptions,
): SignedFile {
  const existing = options.existing;
  if (existing !== undefined) {
    if (existing.format !== options.format) {
      throw new IntotoError(
        "USAGE",
        `Cannot add ${options.format} signatures to a ${existing.format} file: sign it in its own format`,
      );
    }
    if (encodeCanonical(existing.payload) !== encodeCanonical(payload)) {
      throw new IntotoError(
        "USAGE",
        "Cannot add signatures: the payload differs from the signed file's",
      );
    }
  }
  const kept = [...existing?.signatures ?? []];
  if (options.format === "metablock") {
    return {
      format: "metablock",
      payload,
      signedBytes: canonicalBytes(payload),
      signatures: kept,
    };
  }
  const payloadBytes = existing?.payloadBytes ??
    encoder.encode(formatPythonJson(payload));
  return {
    format: "dsse",
    payload,
    signedBytes: pae(IN_TOTO_PAYLOAD_TYPE, payloadBytes),
    signatures: kept,
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payloadBytes,
  };
}

/**
 * The file's signatures with one more per signer, all signing at once; a
 * new signature replaces a kept one by the same keyid.
 */
async function signatures(
  file: SignedFile,
  signers: readonly Signer[],
): Promise<FileSignature[]> {
  const added = await Promise.all(
    signers.map(async (signer): Promise<FileSignature> => {
      if (signer.signGpg === undefined) {
        return {
          keyid: signer.publicKey.keyid,
          sig: await signer.sign(file.signedBytes),
          ...(signer.certificate === undefined
            ? {}
            : { cert: signer.certificate }),
        };
      }
      if (file.format !== "metablock") {
        throw new IntotoError(
          "USAGE",
          "GPG signatures exist only in metablocks, not in DSSE envelopes",
        );
      }
      const { keyid, otherHeaders, signature } = await signer.signGpg(
        file.signedBytes,
      );
      return { keyid, sig: signature, otherHeaders };
    }),
  );
  const result = [...file.signatures];
  for (const signature of added) {
    const index = result.findIndex((old) => old.keyid === signature.keyid);
    if (index === -1) result.push(signature);
    else result[index] = signature;
  }
  return result;
}

/**
 * The text the Python reference writes for a signed file: a metablock as
 * `json.dumps(indent=1, separators=(",", ": "), sort_keys=True)`, a DSSE
 * envelope as `json.dumps(sort_keys=True)` on one line (in-toto ≥ 1.4), both
 * without a final newline.
 *
 * @param file A signed file.
 * @returns The file's text.
 */
export function formatSignedFile(file: SignedFile): string {
  return decoder.decode(formatter(file)(file.signatures));
}

/** Room for a metablock's signatures before its indented payload. */
const SIGNATURES_ROOM = 16 * 1024;

/**
 * Formats what does not depend on the signatures now (a metablock's
 * payload, the bulk of the file), and returns what adds them (call it
 * once: it writes the signatures into the room left before the payload).
 */
function formatter(
  file: SignedFile,
): (signatures: FileSignature[]) => Uint8Array {
  if (file.format === "dsse") {
    return (signatures) =>
      encoder.encode(formatPythonJson(envelopeToJson({
        payload: file.payloadBytes ??
          encoder.encode(formatPythonJson(file.payload)),
        payloadType: file.payloadType ?? IN_TOTO_PAYLOAD_TYPE,
        signatures,
      })));
  }
  // The signed bytes are the payload's canonical bytes: indenting them
  // saves a second walk over a large payload.
  const signed = indentCanonical(file.signedBytes, {
    indent: 1,
    depth: 1,
    before: SIGNATURES_ROOM,
    after: CLOSE.length,
  });
  return (signatures) => {
    const list = signatures.map((signature) => {
      const { keyid, sig, otherHeaders } = signature;
      return otherHeaders === undefined
        ? signatureToJson(signature, sig.toHex())
        : {
          keyid,
          other_headers: otherHeaders.toHex(),
          signature: sig.toHex(),
        };
    });
    if (signed === undefined) {
      return encoder.encode(
        formatPythonJson({ signatures: list, signed: file.payload }, {
          indent: 1,
        }),
      );
    }
    // "signatures" sorts before "signed": drop the closing "\n}" and add it.
    const head = encoder.encode(
      `${
        formatPythonJson({ signatures: list }, { indent: 1 }).slice(0, -2)
      },\n "signed": `,
    );
    signed.set(CLOSE, signed.length - CLOSE.length);
    if (head.length <= SIGNATURES_ROOM) {
      // Written in front of the payload: no copy of the bulk of the file.
      signed.set(head, SIGNATURES_ROOM - head.length);
      return signed.subarray(SIGNATURES_ROOM - head.length);
    }
    const bytes = new Uint8Array(
      head.length + signed.length - SIGNATURES_ROOM,
    );
    bytes.set(head);
    bytes.set(signed.subarray(SIGNATURES_ROOM), head.length);
    return bytes;
  };
}

/** The end of a metablock: a line break and its closing brace. */
const CLOSE = encoder.encode("\n}");
