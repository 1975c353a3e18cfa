// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * DSSE envelopes (the in-toto ITE-5 format): the pre-authentication
 * encoding that signatures cover, strict base64, and the envelope object.
 *
 * @module
 */

import type { JsonObject, JsonValue } from "../json/parse.ts";
import { childPath, MetadataChecker } from "./validate.ts";

/** The payload type of in-toto links, layouts and statements. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** A signature of a DSSE envelope or metablock: the keyid is only a hint. */
export interface FileSignature {
  /** The signer's keyid as written; may be empty or wrong. */
  keyid: string;
  /** The raw signature bytes. */
  sig: Uint8Array;
  /** GPG signatures only: the packet's `other_headers` (`crypto/gpg/`). */
  otherHeaders?: Uint8Array;
  /**
   * ITE-7: the signer's PEM certificate (`cert`, as in-toto-golang writes
   * it), optionally followed by intermediate CA certificates. Not signed:
   * verification checks it against the layout's CAs.
   */
  cert?: string;
}

/** A parsed DSSE envelope. */
export interface Envelope {
  /** Exactly the decoded payload bytes. */
  payload: Uint8Array;
  /** How to read the payload, such as `application/vnd.in-toto+json`. */
  payloadType: string;
  /** The signatures over the PAE of the type and payload. */
  signatures: FileSignature[];
}

const encoder = new TextEncoder();

/**
 * The DSSE pre-authentication encoding,
 * `DSSEv1 SP len(type) SP type SP len(body) SP body`, with both lengths in
 * bytes (the DSSE spec; securesystemslib counts the type in characters,
 * which differs only for non-ASCII types).
 *
 * @param payloadType The payload type.
 * @param payload The payload bytes.
 * @returns The bytes that signatures cover.
 *
 * @example Usage
 * ```ts
 * import { pae } from "./dsse.ts";
 * import assert from "node:assert/strict";
 * const bytes = pae("http://example.com/HelloWorld", new TextEncoder().encode("hello world"));
 * assert.equal(new TextDecoder().decode(bytes), "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
 * ```
 */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = encoder.encode(payloadType);
  const head = encoder.encode(
    `DSSEv1 ${type.length} ${payloadType} ${payload.length} `,
  );
  const result = new Uint8Array(head.length + payload.length);
  result.set(head);
  result.set(payload, head.length);
  return result;
}

const STANDARD = /^[A-Za-z0-9+/]*$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64 strictly: the standard or the URL-safe alphabet (not
 * mixed), with or without `=` padding, no whitespace, and no stray bits in
 * the last character.
 *
 * @param text The base64 text.
 * @returns The bytes, or `undefined` when `text` is not such base64.
 *
 * @example Usage
 * ```ts
 * import { decodeBase64 } from "./dsse.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(decodeBase64("-_8"), new Uint8Array([0xfb, 0xff]));
 * assert.deepEqual(decodeBase64("+/8="), new Uint8Array([0xfb, 0xff]));
 * assert.equal(decodeBase64("+/9="), undefined);
 * ```
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/={1,2}$/, "");
  const padding = text.length - body.length;
  if (body.length % 4 === 1) return undefined;
  if (padding > 0 && (body.length + padding) % 4 !== 0) return undefined;
  const alphabet = STANDARD.test(body)
    ? "base64"
    : URL_SAFE.test(body)
    ? "base64url"
    : undefined;
  if (alphabet === undefined) return undefined;
  try {
    const padded = body + "=".repeat((4 - body.length % 4) % 4);
    return Uint8Array.fromBase64(padded, {
      alphabet,
      lastChunkHandling: "strict",
    });
  } catch {
    return undefined;
  }
}

/**
 * Encodes bytes as standard base64 with padding, as the reference writes.
 *
 * @param bytes Any bytes.
 * @returns The base64 text.
 */
export function encodeBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

/**
 * Parses a DSSE envelope object: `payload` and each signature's `sig` in
 * base64 (standard or URL-safe), `payloadType` a string, `signatures` an
 * array of `{keyid, sig}` (`keyid` may be empty) with an optional ITE-7
 * `cert`. Fields outside these are not signed and ignored.
 *
 * @param value The parsed envelope.
 * @param options The file name for messages.
 * @returns The envelope with decoded bytes.
 * @throws {IntotoError} `INVALID_METADATA` naming the bad field.
 */
export function parseEnvelope(
  value: JsonValue,
  options: { source?: string | undefined } = {},
): Envelope {
  const checker: MetadataChecker = new MetadataChecker(
    "DSSE envelope",
    options,
  );
  const object = checker.object(value, "");
  const bytes = (text: JsonValue | undefined, path: string): Uint8Array => {
    const decoded = decodeBase64(checker.string(text, path, true));
    if (decoded === undefined) checker.fail(path, "not valid base64");
    return decoded;
  };
  const signatures = checker.array(object.signatures, "signatures").map(
    (item, index): FileSignature => {
      const path = childPath("signatures", index);
      const signature = checker.object(item, path);
      const sig = bytes(signature.sig, childPath(path, "sig"));
      if (sig.length === 0) checker.fail(childPath(path, "sig"), "is empty");
      return {
        keyid: checker.string(signature.keyid, childPath(path, "keyid"), true),
        sig,
        ...signatureCert(checker, signature, path),
      };
    },
  );
  return {
    payload: bytes(object.payload, "payload"),
    payloadType: checker.string(object.payloadType, "payloadType"),
    signatures,
  };
}

/**
 * A signature's `cert` field, if it carries a certificate: a string, where
 * `""` (as in-toto-golang writes for key signatures) means none.
 *
 * @param checker The file's checker.
 * @param signature The signature object.
 * @param path Its path, such as `signatures[0]`.
 * @returns `{cert}`, or nothing.
 */
export function signatureCert(
  checker: MetadataChecker,
  signature: JsonObject,
  path: string,
): { cert?: string } {
  if (!Object.hasOwn(signature, "cert")) return {};
  const cert = checker.string(signature.cert, childPath(path, "cert"), true);
  return cert === "" ? {} : { cert };
}

/**
 * The JSON object of a signature: `{keyid, sig}`, and `cert` when it carries
 * one.
 *
 * @param signature The signature.
 * @param sig The signature bytes as the format writes them.
 * @returns The object.
 */
export function signatureToJson(
  signature: FileSignature,
  sig: string,
): JsonObject {
  const { keyid, cert } = signature;
  return cert === undefined ? { keyid, sig } : { cert, keyid, sig };
}

/**
 * The JSON object of an envelope, base64 in the standard alphabet.
 *
 * @param envelope An envelope.
 * @returns `{payload, payloadType, signatures: [{keyid, sig}]}` (and each
 * signature's `cert`, if any).
 */
export function envelopeToJson(envelope: Envelope): JsonObject {
  return {
    payload: encodeBase64(envelope.payload),
    payloadType: envelope.payloadType,
    signatures: envelope.signatures.map((signature) =>
      signatureToJson(signature, encodeBase64(signature.sig))
    ),
  };
}
