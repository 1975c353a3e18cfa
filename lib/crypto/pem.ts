// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * PEM (RFC 7468) decoding and encoding, including the legacy OpenSSL
 * encryption headers (`Proc-Type`, `DEK-Info`).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { IntotoError } from "../errors.ts";

/** One decoded PEM block. */
export interface PemBlock {
  /** The label, such as `PRIVATE KEY` or `RSA PRIVATE KEY`. */
  label: string;
  /** RFC 1421 headers such as `DEK-Info`, by name. */
  headers: Map<string, string>;
  /** The decoded body. */
  der: Uint8Array;
}

const BLOCK =
  /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/**
 * Whether `text` contains a PEM block.
 *
 * @param text File content.
 * @returns True when a BEGIN line is present.
 */
export function looksLikePem(text: string): boolean {
  return text.includes("-----BEGIN ");
}

/**
 * Decodes the single PEM block in `text`; text outside it is ignored.
 *
 * @param text The file content.
 * @returns The block.
 * @throws {IntotoError} `INVALID_KEY` for no block, several blocks, a
 * mismatched END line or a body that is not base64.
 *
 * @example Usage
 * ```ts
 * import { decodePem } from "./pem.ts";
 * import assert from "node:assert/strict";
 * const block = decodePem("-----BEGIN X-----\nAQI=\n-----END X-----\n");
 * assert.deepEqual([...block.der], [1, 2]);
 * ```
 */
export function decodePem(text: string): PemBlock {
  const blocks = decodePemBlocks(text);
  if (blocks.length > 1) {
    throw new IntotoError(
      "INVALID_KEY",
      `expected one PEM block, found ${blocks.length}`,
    );
  }
  return blocks[0]!;
}

/**
 * Decodes every PEM block in `text`, in order (a certificate chain);
 * text between blocks is ignored.
 *
 * @param text The file content.
 * @returns At least one block.
 * @throws {IntotoError} `INVALID_KEY` for no block, a mismatched END line or
 * a body that is not base64.
 */
export function decodePemBlocks(text: string): PemBlock[] {
  const matches = [...text.matchAll(BLOCK)];
  if (matches.length === 0) {
    throw new IntotoError("INVALID_KEY", "no complete PEM block found");
  }
  return matches.map((match) => decodeBlock(match));
}

function decodeBlock(match: RegExpMatchArray): PemBlock {
  const [, label, inner, endLabel] = match;
  if (label !== endLabel) {
    throw new IntotoError(
      "INVALID_KEY",
      `PEM block "${label}" ends with "${endLabel}"`,
    );
  }
  const headers = new Map<string, string>();
  let body = inner!;
  const blank = body.search(/\r?\n\r?\n/);
  if (/^[A-Za-z-]+: /.test(body) && blank >= 0) {
    for (const line of body.slice(0, blank).split(/\r?\n/)) {
      const colon = line.indexOf(": ");
      if (colon < 0) {
        throw new IntotoError("INVALID_KEY", "malformed PEM header line");
      }
      headers.set(line.slice(0, colon), line.slice(colon + 2).trim());
    }
    body = body.slice(blank).trimStart();
  }
  const compact = body.replace(/[ \t\r\n]/g, "");
  if (
    compact.length === 0 || compact.length % 4 !== 0 ||
    !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)
  ) {
    throw new IntotoError(
      "INVALID_KEY",
      `PEM block "${label}" is not valid base64`,
    );
  }
  return {
    label: label!,
    headers,
    der: new Uint8Array(Buffer.from(compact, "base64")),
  };
}

/**
 * Encodes DER as PEM with 64-character lines and a final newline, as
 * OpenSSL and pyca/cryptography write it.
 *
 * @param label Such as `PUBLIC KEY`.
 * @param der The body.
 * @returns The PEM text.
 */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${
    lines.join("\n")
  }\n-----END ${label}-----\n`;
}
