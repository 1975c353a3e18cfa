// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signs a link and writes it, atomically, under the name in-toto gives it.
 *
 * @module
 */

import { join } from "node:path";
import { type Link, linkToJson } from "../formats/link.ts";
import {
  formatSignedFile,
  type SignedFile,
  signPayload,
} from "../formats/signed_file.ts";
import { writeFileAtomic } from "../io.ts";
import type { Signer } from "../keys/key.ts";
import { linkFileName, unsignedFileName } from "./names.ts";

/** The two envelopes a link can be written in. */
export type LinkFormat = SignedFile["format"];

/** Options for {@linkcode writeLink}. */
export interface WriteLinkOptions {
  /** Signs the link; without it the link is written unsigned as `<name>.link`. */
  signer?: Signer;
  /** `metablock` (default, what in-toto 1.3.1 writes) or `dsse`. */
  format?: LinkFormat;
  /** Folder to write to; default the working directory. */
  directory?: string;
  /** The file name, instead of the one in-toto would choose. */
  fileName?: string;
}

/**
 * Signs `link` (or leaves it unsigned) and writes it atomically to
 * `<name>.<keyid8>.link` (`<name>.link` when unsigned).
 *
 * @param link The link.
 * @param options Signer, format, folder, file name.
 * @returns The path written.
 * @throws {IntotoError} `IO_ERROR` or `PERMISSION_DENIED` when writing fails.
 */
export async function writeLink(
  link: Link,
  options: WriteLinkOptions = {},
): Promise<string> {
  const signers = options.signer === undefined ? [] : [options.signer];
  const file = await signPayload(linkToJson(link), signers, {
    format: options.format ?? "metablock",
  });
  const name = options.fileName ??
    (options.signer === undefined
      ? unsignedFileName(link.name)
      : linkFileName(link.name, options.signer.publicKey.keyid));
  const path = options.directory === undefined
    ? name
    : join(options.directory, name);
  await writeFileAtomic(path, formatSignedFile(file));
  return path;
}
