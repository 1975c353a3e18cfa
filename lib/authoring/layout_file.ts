// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Editing a layout file in place: read it into a {@linkcode LayoutBuilder},
 * and write it back unsigned, in the same format (a `{"signed",
 * "signatures"}` metablock or a DSSE envelope), atomically.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { writeFileAtomic } from "../io.ts";
import { formatPythonJson } from "../json/python.ts";
import { IN_TOTO_PAYLOAD_TYPE, pae } from "../model/dsse.ts";
import {
  formatSignedFile,
  readSignedFile,
  type SignedFileFormat,
} from "../model/signed_file.ts";
import { LayoutBuilder } from "./layout_builder.ts";

/** A layout file read for editing. */
export interface LayoutFile {
  /** The layout, ready to edit. */
  builder: LayoutBuilder;
  /** The file's format, kept when it is written back. */
  format: SignedFileFormat;
  /** How many signatures it had: editing drops them all. */
  signatures: number;
}

/**
 * Reads a layout, signed or not, for editing.
 *
 * @param path The file.
 * @param warnings Receives a message per object with unknown fields.
 * @returns The builder, the format and the number of signatures.
 * @throws {IntotoError} What `readSignedFile` throws; `INVALID_METADATA`
 * for anything but a layout verification would accept as well-formed.
 */
export async function readLayoutFile(
  path: string,
  warnings?: string[],
): Promise<LayoutFile> {
  const file = await readSignedFile(path);
  if (file.payload._type !== "layout") {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot edit "${path}": it is not a layout ("_type" is ${
        JSON.stringify(file.payload._type ?? null)
      })`,
    );
  }
  return {
    builder: LayoutBuilder.from(file.payload, { source: path, warnings }),
    format: file.format,
    signatures: file.signatures.length,
  };
}

/**
 * Writes a layout unsigned, atomically: a reader sees the old file or the
 * new one, never a part.
 *
 * @param path The file.
 * @param builder The layout.
 * @param format `metablock` (default) or `dsse`.
 * @throws {IntotoError} `IO_ERROR` or `PERMISSION_DENIED`, naming the path.
 */
export async function writeLayoutFile(
  path: string,
  builder: LayoutBuilder,
  format: SignedFileFormat = "metablock",
): Promise<void> {
  const payload = builder.signed;
  const payloadBytes = new TextEncoder().encode(formatPythonJson(payload));
  const text = format === "metablock" ? builder.toString() : formatSignedFile({
    format,
    payload,
    signedBytes: pae(IN_TOTO_PAYLOAD_TYPE, payloadBytes),
    signatures: [],
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payloadBytes,
  });
  await writeFileAtomic(path, text);
}
