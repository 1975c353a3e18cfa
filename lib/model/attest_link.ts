// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Writes a link as an in-toto attestation: a Statement v1 with the link
 * predicate v0.3, signed in a DSSE envelope.
 *
 * @module
 */

import type { Link } from "./link.ts";
import { signedFileBytes } from "./signed_file.ts";
import type { Signer } from "../crypto/key.ts";
import {
  statementFromLink,
  type StatementFromLinkOptions,
} from "./link_predicate.ts";

/**
 * Signs `link` as a link attestation: its products become the subjects, its
 * materials the predicate's ResourceDescriptors, and the Statement is the
 * payload of a DSSE envelope of type `application/vnd.in-toto+json` (the
 * payload written as `json.dumps(sort_keys=True)`, like in-toto's DSSE).
 *
 * Such a file is saved where the link would be, `<name>.<keyid8>.link`, so
 * that `intoto verify` finds it for the step.
 *
 * @param link The recorded link.
 * @param signer The functionary's key.
 * @param options `allowNoProducts` for the unfinished attestation of
 * `record start` (a Statement without subject is no evidence).
 * @returns The file's content (UTF-8).
 * @throws {IntotoError} `USAGE` when the link has no products.
 */
export async function attestLink(
  link: Link,
  signer: Signer,
  options: StatementFromLinkOptions = {},
): Promise<Uint8Array> {
  return await signedFileBytes(statementFromLink(link, options), [signer], {
    format: "dsse",
  });
}
