// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `record start` and `record stop`: a link for a step that is not one
 * command. Start records the materials in a signed
 * `.<name>.<keyid8>.link-unfinished` in the working directory; stop checks
 * that file's signature with the same key, adds the products, signs again,
 * writes `<name>.<keyid8>.link` and removes the unfinished file.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import { linkOfFile } from "../model/link_of_file.ts";
import type { Link } from "../model/link.ts";
import {
  readSignedFile,
  type SignedFile,
  verifiedKeys,
} from "../model/signed_file.ts";
import type { Signer } from "../crypto/key.ts";
import { ioError } from "../io.ts";
import { checkStepName, unfinishedFileName } from "./names.ts";
import { type ArtifactOptions, recordPaths } from "./run.ts";
import { type LinkFormat, writeLink } from "./write.ts";

/** Options for {@linkcode recordStart}. */
export interface RecordStartOptions extends ArtifactOptions {
  /** The step name. */
  name: string;
  /** Signs the unfinished link (and, at stop, the link). */
  signer: Signer;
  /** Paths recorded as materials. */
  materials?: string[];
  /**
   * `metablock` (default), `dsse` or `attestation`; stop keeps it. An
   * attestation's unfinished file is a Statement without subjects.
   */
  format?: LinkFormat;
}

/**
 * Records the materials of a step and writes the signed unfinished link.
 *
 * @param options Step name, signer, materials, recording options, format.
 * @returns The path of the unfinished link.
 * @throws {IntotoError} `USAGE` for an unsafe step name, and what recording
 * and writing throw.
 */
export async function recordStart(
  options: RecordStartOptions,
): Promise<string> {
  checkStepName(options.name);
  const materials = await recordPaths(options.materials, {
    ...options,
    label: "materials",
  });
  return await writeLink({
    _type: "link",
    name: options.name,
    command: [],
    materials,
    products: {},
    byproducts: {},
    environment: {},
  }, {
    signer: options.signer,
    format: options.format ?? "metablock",
    unfinished: true,
  });
}

/** Options for {@linkcode recordStop}. */
export interface RecordStopOptions extends ArtifactOptions {
  /** The step name given to start. */
  name: string;
  /** The key given to start. */
  signer: Signer;
  /** Paths recorded as products. */
  products?: string[];
  /** Folder for the finished link; default the working directory. */
  directory?: string;
  /**
   * The format of the finished link; default the unfinished file's
   * (`attestation` when start wrote an unfinished attestation).
   */
  format?: LinkFormat;
}

/**
 * Finishes a link that {@linkcode recordStart} began.
 *
 * @param options Step name, signer, products, recording options, folder.
 * @returns The path of the finished link.
 * @throws {IntotoError} `FILE_NOT_FOUND` without an unfinished link for this
 * step and key; `INVALID_METADATA` when it is malformed; `SIGNATURE_INVALID` when it is not signed by this key;
 * `LINK_INVALID` when it is for another step; and what recording and
 * writing throw.
 */
export async function recordStop(options: RecordStopOptions): Promise<string> {
  checkStepName(options.name);
  const path = unfinishedFileName(options.name, options.signer.publicKey.keyid);
  const file = await readSignedFile(path).catch((error: unknown) => {
    if (isIntotoError(error, "FILE_NOT_FOUND")) {
      throw new IntotoError(
        "FILE_NOT_FOUND",
        `Cannot stop recording step "${options.name}": no "${path}" in the working directory; run "intoto record start" with the same step name and key first`,
        { cause: error },
      );
    }
    throw error;
  });
  const signers = await verifiedKeys(file, [options.signer.publicKey]);
  if (signers.length === 0) {
    throw new IntotoError(
      "SIGNATURE_INVALID",
      `Cannot stop recording step "${options.name}": "${path}" is not signed by the given key; use the key given to "intoto record start"`,
    );
  }
  const { link, format } = unfinishedLink(file, path);
  if (link.name !== options.name) {
    throw new IntotoError(
      "LINK_INVALID",
      `Cannot stop recording step "${options.name}": "${path}" is for step "${link.name}"`,
    );
  }
  link.products = await recordPaths(options.products, {
    ...options,
    label: "products",
  });
  const written = await writeLink(link, {
    signer: options.signer,
    format: options.format ?? format,
    ...(options.directory === undefined
      ? {}
      : { directory: options.directory }),
  });
  await Deno.remove(path).catch((error: unknown) => {
    throw ioError(error, "remove", path);
  });
  return written;
}

/** The link an unfinished file holds, and the format it asks for. */
function unfinishedLink(
  file: SignedFile,
  path: string,
): { link: Link; format: LinkFormat } {
  const { link, attestation } = linkOfFile(file, {
    source: path,
    allowNoSubject: true,
  });
  return { link, format: attestation ? "attestation" : file.format };
}
