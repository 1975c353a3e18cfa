// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Bounds on what verification accepts, so that hostile metadata costs
 * bounded time and memory and ends with a clear `LIMIT_EXCEEDED` error.
 *
 * @module
 */

import { STATEMENT_TYPE } from "../model/statement.ts";
import { artifactNames } from "../model/artifact_names.ts";
import { IntotoError } from "../errors.ts";
import type { SignedFile } from "../model/signed_file.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";

/** Bounds on verification input; every field has a default. */
export interface VerifyLimits {
  /** Largest metadata file read, in bytes (default 256 MiB). */
  maxFileBytes: number;
  /** Most signatures on one file (default 256). */
  maxSignatures: number;
  /** Most materials plus products in one link (default 1,000,000). */
  maxArtifacts: number;
  /** Deepest sublayout nesting (default 8). */
  maxDepth: number;
  /**
   * Most layouts and links loaded in one verification, sublayouts included
   * (default 20,000): sublayouts whose link directories are shared can
   * otherwise ask for exponentially many.
   */
  maxFiles: number;
}

/** The default bounds. */
export const DEFAULT_LIMITS: Readonly<VerifyLimits> = Object.freeze({
  maxFileBytes: 256 * 1024 * 1024,
  maxSignatures: 256,
  maxArtifacts: 1_000_000,
  maxDepth: 8,
  maxFiles: 20_000,
});

/**
 * Fills the missing bounds with the defaults.
 *
 * @param limits Some bounds.
 * @returns All bounds.
 */
export function resolveLimits(
  limits: Partial<VerifyLimits> = {},
): VerifyLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/**
 * Checks a loaded metadata file against the bounds, before any signature is
 * verified: the number of signatures and of artifacts (of a link, or the
 * subjects and predicate materials of an attestation).
 *
 * @param file The parsed file.
 * @param source Its name, for messages.
 * @param limits The bounds.
 * @throws {IntotoError} `LIMIT_EXCEEDED` naming the file and the bound.
 */
export function checkFileLimits(
  file: SignedFile,
  source: string,
  limits: VerifyLimits,
): void {
  if (file.signatures.length > limits.maxSignatures) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Cannot verify "${source}": it has ${file.signatures.length} signatures, more than the limit of ${limits.maxSignatures}`,
    );
  }
  const artifacts = countArtifacts(file.payload);
  if (artifacts > limits.maxArtifacts) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Cannot verify "${source}": it lists ${artifacts} artifacts, more than the limit of ${limits.maxArtifacts}`,
    );
  }
}

function countArtifacts(payload: JsonObject): number {
  const length = (value: JsonValue | undefined) =>
    Array.isArray(value) ? value.length : 0;
  if (payload["_type"] === STATEMENT_TYPE) {
    const predicate = payload["predicate"];
    return length(payload["subject"]) +
      (isJsonObject(predicate) ? length(predicate["materials"]) : 0);
  }
  let artifacts = 0;
  for (const field of ["materials", "products"]) {
    const map = payload[field];
    if (isJsonObject(map)) artifacts += artifactNames(map).length;
  }
  return artifacts;
}
