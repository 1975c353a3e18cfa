// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The one error type of intoto, with a typed `code` that decides the exit code.
 *
 * Input errors (bad flags, unreadable or malformed files, bad keys) exit 2;
 * failures (a signature, a rule, a threshold, an expired layout, a step that
 * failed) exit 1.
 *
 * @module
 */

/** Codes of errors caused by what the user gave us: exit code 2. */
export type InputErrorCode =
  | "USAGE"
  | "FILE_NOT_FOUND"
  | "IO_ERROR"
  | "INVALID_JSON"
  | "INVALID_METADATA"
  | "INVALID_KEY"
  | "WRONG_PASSWORD"
  | "UNSUPPORTED"
  | "PERMISSION_DENIED"
  | "LIMIT_EXCEEDED";

/** Codes of failed verifications or steps: exit code 1. */
export type FailureErrorCode =
  | "SIGNATURE_INVALID"
  | "LAYOUT_EXPIRED"
  | "LINK_INVALID"
  | "THRESHOLD_NOT_MET"
  | "RULE_FAILED"
  | "INSPECTION_FAILED"
  | "STEP_FAILED"
  | "ARTIFACT_MISMATCH"
  | "VERIFICATION_FAILED"
  | "INTERRUPTED";

/** Every error code intoto uses. */
export type ErrorCode = InputErrorCode | FailureErrorCode;

const FAILURE_CODES: ReadonlySet<ErrorCode> = new Set<FailureErrorCode>([
  "SIGNATURE_INVALID",
  "LAYOUT_EXPIRED",
  "LINK_INVALID",
  "THRESHOLD_NOT_MET",
  "RULE_FAILED",
  "INSPECTION_FAILED",
  "STEP_FAILED",
  "ARTIFACT_MISMATCH",
  "VERIFICATION_FAILED",
  "INTERRUPTED",
]);

/**
 * An option of the library that the caller can change to get past an
 * error, such as a longer run timeout. The library names none of the CLI's
 * flags; the CLI shows the flag that sets the option.
 */
export interface Remedy {
  /** The option to change. */
  option:
    | "runTimeout"
    | "inspectionTimeout"
    | "layoutKeys"
    | "allowSublayoutInspections"
    | "parameter"
    | "matchByDigest";
  /** The value the option needs, such as a parameter's name. */
  value?: string;
}

/** Options of {@linkcode IntotoError}. */
export interface IntotoErrorOptions extends ErrorOptions {
  /** For `INTERRUPTED`: the number of the signal that stopped the work. */
  signal?: number;
  /** What the caller can change to get past the error. */
  remedy?: Remedy;
}

/**
 * An error with a machine-readable `code`.
 *
 * @example Usage
 * ```ts
 * import { IntotoError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const error = new IntotoError("INVALID_KEY", 'Cannot load key "a": not PEM');
 * assert.equal(error.exitCode, 2);
 * ```
 */
export class IntotoError extends Error {
  /** What went wrong, for callers that branch on it. */
  readonly code: ErrorCode;
  /** For `INTERRUPTED`: the number of the signal that stopped the work. */
  readonly signal: number | undefined;
  /** What the caller can change to get past the error, if anything. */
  readonly remedy: Remedy | undefined;

  /**
   * Makes an error with a code and a message.
   *
   * @param code What went wrong.
   * @param message One sentence for a person, values in quotes.
   * @param options `cause`, when wrapping another error; `signal`, the
   * signal number of an `INTERRUPTED` error; `remedy`, the option to change.
   */
  constructor(
    code: ErrorCode,
    message: string,
    options?: IntotoErrorOptions,
  ) {
    super(message, options);
    this.name = "IntotoError";
    this.code = code;
    this.signal = options?.signal;
    this.remedy = options?.remedy;
  }

  /**
   * 1 for a failed verification or step, 2 for bad input or usage, and
   * 128 + N for work stopped by signal N (130 for SIGINT), as shells do.
   */
  get exitCode(): number {
    if (this.code === "INTERRUPTED") return 128 + (this.signal ?? 2);
    return FAILURE_CODES.has(this.code) ? 1 : 2;
  }
}

/**
 * Whether `error` is an {@linkcode IntotoError}, optionally of one code.
 *
 * @param error Anything caught.
 * @param code The code to require, if any.
 * @returns True when it is.
 */
export function isIntotoError(
  error: unknown,
  code?: ErrorCode,
): error is IntotoError {
  return error instanceof IntotoError &&
    (code === undefined || error.code === code);
}
