// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What a validly signed file found for a step is evidence of: a link for
 * that step, a link attestation standing in for one, a sublayout that
 * delegates the step, or nothing usable.
 *
 * This is the one place that dispatches on the payload's exact `_type`
 * (attack catalogue T6). A Statement v1 counts only from a DSSE envelope
 * and only with the link predicate v0.3 (products from `subject`, materials
 * from the predicate); a provenance or any other predicate never stands for
 * a step.
 *
 * @module
 */

import {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
} from "../model/link_predicate.ts";
import { STATEMENT_TYPE, validateStatement } from "../model/statement.ts";
import type { JsonObject } from "../json/parse.ts";
import { type Link, validateLink } from "../model/link.ts";
import type { SignedFileFormat } from "../model/signed_file.ts";

/** What a step candidate turned out to be. */
export type StepEvidence =
  | { kind: "link"; link: Link; warnings: string[]; attestation: boolean }
  | { kind: "sublayout" }
  | { kind: "rejected"; reason: string };

/** Options for {@linkcode interpretPayload}. */
export interface InterpretPayloadOptions {
  /** The step the file was found for. */
  step: string;
  /** The file's name, for messages. */
  source: string;
  /** The file's format; a Statement counts only from `dsse`. */
  format: SignedFileFormat;
}

/**
 * Interprets the signed payload of a file found for a step.
 *
 * @example Usage
 * ```ts
 * import { interpretPayload } from "./payload.ts";
 * import assert from "node:assert/strict";
 * const statement = {
 *   _type: "https://in-toto.io/Statement/v1",
 *   subject: [{ name: "a", digest: { sha256: "ab".repeat(32) } }],
 *   predicateType: "https://slsa.dev/provenance/v1",
 *   predicate: {},
 * };
 * const options = { step: "build", source: "build.776a00e2.link" };
 * const evidence = interpretPayload(statement, { ...options, format: "dsse" });
 * assert.equal(evidence.kind, "rejected");
 * ```
 *
 * @param payload The signed payload (its signature already verified).
 * @param options The step's name, the file's name and format.
 * @returns A link for the step, a sublayout, or a rejection with its reason.
 * @throws {IntotoError} `INVALID_METADATA` when a link or a Statement is
 * malformed, `LIMIT_EXCEEDED` for a Statement beyond the bounds.
 */
export function interpretPayload(
  payload: JsonObject,
  options: InterpretPayloadOptions,
): StepEvidence {
  const type = payload["_type"];
  if (type === "layout") return { kind: "sublayout" };
  if (type === STATEMENT_TYPE) return interpretStatement(payload, options);
  if (type !== "link") {
    return {
      kind: "rejected",
      reason: `its payload type ${
        JSON.stringify(type ?? null)
      } is not "link", "layout" or "${STATEMENT_TYPE}"`,
    };
  }
  const warnings: string[] = [];
  const link = validateLink(payload, { source: options.source, warnings });
  return checkName(link, options, { warnings, attestation: false });
}

function interpretStatement(
  payload: JsonObject,
  options: InterpretPayloadOptions,
): StepEvidence {
  if (options.format !== "dsse") {
    return {
      kind: "rejected",
      reason:
        `it is a Statement in a ${options.format}; an attestation counts only in a DSSE envelope`,
    };
  }
  const statement = validateStatement(payload, { source: options.source });
  if (statement.predicateType !== LINK_PREDICATE_TYPE) {
    return {
      kind: "rejected",
      reason:
        `it is an attestation with predicate type "${statement.predicateType}"; only the link predicate "${LINK_PREDICATE_TYPE}" stands for a step`,
    };
  }
  const link = linkFromStatement(statement, { source: options.source });
  return checkName(link, options, { warnings: [], attestation: true });
}

function checkName(
  link: Link,
  options: InterpretPayloadOptions,
  evidence: { warnings: string[]; attestation: boolean },
): StepEvidence {
  if (link.name !== options.step) {
    return {
      kind: "rejected",
      reason: `it is signed for step "${link.name}", not "${options.step}"`,
    };
  }
  return { kind: "link", link, ...evidence };
}
