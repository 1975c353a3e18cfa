// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What a validly signed file found for a step is evidence of: a link for
 * that step, a sublayout that delegates the step, or nothing usable.
 *
 * This is the one place that dispatches on the payload's exact `_type`
 * (attack catalogue T6): a Statement or any other type is rejected here.
 * Support for in-toto Statements in place of links plugs in as one more
 * case of {@linkcode interpretPayload}.
 *
 * @module
 */

import type { JsonObject } from "../formats/json.ts";
import { type Link, validateLink } from "../formats/link.ts";

/** What a step candidate turned out to be. */
export type StepEvidence =
  | { kind: "link"; link: Link; warnings: string[] }
  | { kind: "sublayout" }
  | { kind: "rejected"; reason: string };

/**
 * Interprets the signed payload of a file found for a step.
 *
 * @param payload The signed payload (its signature already verified).
 * @param options The step's name and the file's name (for messages).
 * @returns A link for the step, a sublayout, or a rejection with its reason.
 * @throws {IntotoError} `INVALID_METADATA` when a link is malformed.
 */
export function interpretPayload(
  payload: JsonObject,
  options: { step: string; source: string },
): StepEvidence {
  const type = payload["_type"];
  if (type === "layout") return { kind: "sublayout" };
  if (type !== "link") {
    return {
      kind: "rejected",
      reason: `its payload type ${
        JSON.stringify(type ?? null)
      } is not "link" or "layout"`,
    };
  }
  const warnings: string[] = [];
  const link = validateLink(payload, { source: options.source, warnings });
  if (link.name !== options.step) {
    return {
      kind: "rejected",
      reason: `it is signed for step "${link.name}", not "${options.step}"`,
    };
  }
  return { kind: "link", link, warnings };
}
