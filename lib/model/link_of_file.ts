// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The link a signed file holds, whether a classic link (metablock or DSSE)
 * or a link attestation: a Statement v1 with the link predicate v0.3, in a
 * DSSE envelope only, as `intoto run --attest` writes it.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { type Link, validateLink } from "./link.ts";
import type { SignedFile } from "./signed_file.ts";
import { linkFromStatement } from "./link_predicate.ts";
import { STATEMENT_TYPE, validateStatement } from "./statement.ts";

/**
 * Refuses a Statement that is not in a DSSE envelope.
 *
 * @param file A signed file whose payload is a Statement.
 * @param source The file's name, for the message.
 * @throws {IntotoError} `INVALID_METADATA` unless the file is a DSSE
 * envelope.
 */
export function checkStatementFormat(file: SignedFile, source: string): void {
  if (file.format !== "dsse") {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid "${source}": a Statement counts only in a DSSE envelope, not in a ${file.format}`,
    );
  }
}

/** Options of {@linkcode linkOfFile}. */
export interface LinkOfFileOptions {
  /** The file's name, for messages. */
  source: string;
  /** Accept an attestation without subjects (an unfinished link). */
  allowNoSubject?: boolean;
  /** Receives warnings about a classic link's fields. */
  warnings?: string[];
}

/**
 * Reads the link out of a signed file's payload (its signature is not
 * checked here).
 *
 * @param file A signed file.
 * @param options The file's name, and what else to accept or report.
 * @returns The link, and whether it came from an attestation.
 * @throws {IntotoError} `INVALID_METADATA` for a malformed link or
 * Statement, a Statement outside a DSSE envelope, or an attestation whose
 * predicate is not a link's.
 *
 * @example Usage
 * ```ts
 * import { linkOfFile } from "./link_of_file.ts";
 * import assert from "node:assert/strict";
 * const payload = {
 *   _type: "link", name: "build", command: [], materials: {}, products: {},
 *   byproducts: {}, environment: {},
 * };
 * const file = {
 *   format: "metablock" as const, payload,
 *   signedBytes: new Uint8Array(), signatures: [],
 * };
 * const { link, attestation } = linkOfFile(file, { source: "build.link" });
 * assert.deepEqual([link.name, attestation], ["build", false]);
 * ```
 */
export function linkOfFile(
  file: SignedFile,
  options: LinkOfFileOptions,
): { link: Link; attestation: boolean } {
  const { source } = options;
  if (file.payload["_type"] !== STATEMENT_TYPE) {
    return {
      link: validateLink(file.payload, {
        source,
        ...(options.warnings ? { warnings: options.warnings } : {}),
      }),
      attestation: false,
    };
  }
  checkStatementFormat(file, source);
  const statement = validateStatement(file.payload, {
    source,
    ...(options.allowNoSubject ? { allowNoSubject: true } : {}),
  });
  return { link: linkFromStatement(statement, { source }), attestation: true };
}
