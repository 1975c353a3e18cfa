// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signs a link and writes it, atomically, under the name in-toto gives it:
 * as a traditional metablock, a DSSE envelope, or a link attestation.
 *
 * @module
 */

import { join } from "node:path";
import { attestLink } from "../model/attest_link.ts";
import { IntotoError } from "../errors.ts";
import { type Link, linkToJson } from "../model/link.ts";
import {
  signedFileBytes,
  type SignedFileFormat,
} from "../model/signed_file.ts";
import { writeFileAtomic } from "../io.ts";
import type { Signer } from "../crypto/key.ts";
import { linkFileName, unfinishedFileName, unsignedFileName } from "./names.ts";

/**
 * How a link is written: the traditional `{signed, signatures}` metablock,
 * a DSSE envelope with the link as payload, or `attestation`: a DSSE
 * envelope with a Statement v1 whose predicate is the link predicate v0.3
 * (`--attest`).
 */
export type LinkFormat = SignedFileFormat | "attestation";

/** Options for {@linkcode writeLink}. */
export interface WriteLinkOptions {
  /** Signs the link; without it the link is written unsigned as `<name>.link`. */
  signer?: Signer;
  /** `metablock` (default, what in-toto 1.3.1 writes), `dsse` or `attestation`. */
  format?: LinkFormat;
  /** Folder to write to; default the working directory. */
  directory?: string;
  /**
   * Write the unfinished link of `record start`,
   * `.<name>.<keyid8>.link-unfinished` (needs a signer); an attestation may
   * then have no products yet.
   */
  unfinished?: boolean;
}

/**
 * Signs `link` (or leaves it unsigned) and writes it atomically to
 * `<name>.<keyid8>.link` (`<name>.link` when unsigned).
 *
 * @param link The link.
 * @param options Signer, format, folder, unfinished.
 * @returns The path written.
 * @throws {IntotoError} `USAGE` for an attestation without a signer or
 * (finished) without products; `IO_ERROR` or `PERMISSION_DENIED` when
 * writing fails.
 */
export async function writeLink(
  link: Link,
  options: WriteLinkOptions = {},
): Promise<string> {
  const { signer, format = "metablock" } = options;
  const unfinished = options.unfinished ?? false;
  let name: string;
  if (signer === undefined) {
    if (unfinished || format === "attestation") {
      throw new IntotoError(
        "USAGE",
        `Cannot write ${
          unfinished ? "an unfinished link" : "an attestation"
        } for step "${link.name}" without a signing key`,
      );
    }
    name = unsignedFileName(link.name);
  } else {
    const keyid = signer.publicKey.keyid;
    name = unfinished
      ? unfinishedFileName(link.name, keyid)
      : linkFileName(link.name, keyid);
  }
  const content = format === "attestation"
    ? await attestLink(link, signer!, { allowNoProducts: unfinished })
    : await signedFileBytes(
      linkToJson(link),
      signer === undefined ? [] : [signer],
      { format },
    );
  const path = options.directory === undefined
    ? name
    : join(options.directory, name);
  await writeFileAtomic(path, content);
  return path;
}
