// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The one rule that differs for layouts in DSSE envelopes: in-toto treats a
 * DSSE layout without `expires` as never expiring (the field is defaulted
 * at every parse); intoto refuses it, for signing and for verification.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { SignedFile } from "../model/signed_file.ts";

/**
 * Refuses a DSSE envelope whose layout payload has no `expires`, with a
 * message that says why and what to do. Other files pass unchanged (a
 * metablock layout without `expires` fails layout validation).
 *
 * @example Usage
 * ```ts
 * import { checkDsseLayoutExpires } from "./dsse_layout.ts";
 * import assert from "node:assert/strict";
 * const file = {
 *   format: "dsse" as const, payload: { _type: "layout" },
 *   signedBytes: new Uint8Array(), signatures: [],
 * };
 * assert.throws(() => checkDsseLayoutExpires(file, "root.layout"));
 * ```
 *
 * @param file A parsed signed file.
 * @param source Its name, for messages.
 * @throws {IntotoError} `INVALID_METADATA` for a DSSE layout without
 * `expires`.
 */
export function checkDsseLayoutExpires(file: SignedFile, source: string): void {
  if (
    file.format === "dsse" && file.payload["_type"] === "layout" &&
    !Object.hasOwn(file.payload, "expires")
  ) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Invalid layout "${source}": a DSSE layout must have "expires" (in-toto would treat it as never expiring): add "expires" to the payload and sign it again`,
    );
  }
}
