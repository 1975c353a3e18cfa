// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Threshold consistency: every valid link of a step must report the same
 * materials and products, whatever the threshold (attack catalogue T4), so
 * the verdict never depends on which link happens to come first.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { artifactNames } from "../model/artifact_names.ts";
import { compareCodePoints } from "../json/code_point_order.ts";
import { type ArtifactMap, sameDigests } from "../model/link.ts";

/**
 * The first artifact (in code point order) on which two maps differ: present
 * in one only, or with different digest sets.
 *
 * @param a One map.
 * @param b The other.
 * @returns The artifact's name, or undefined when the maps are equal.
 *
 * @example Usage
 * ```ts
 * import { firstDifference } from "./consistency.ts";
 * import assert from "node:assert/strict";
 * assert.equal(firstDifference({ a: { sha256: "1" } }, { a: { sha256: "2" } }), "a");
 * assert.equal(firstDifference({ a: { sha256: "1" } }, { a: { sha256: "1" } }), undefined);
 * ```
 */
export function firstDifference(
  a: ArtifactMap,
  b: ArtifactMap,
): string | undefined {
  const differing: string[] = [];
  for (const name of artifactNames(a)) {
    if (!Object.hasOwn(b, name) || !sameDigests(a[name]!, b[name]!)) {
      differing.push(name);
    }
  }
  for (const name of artifactNames(b)) {
    if (!Object.hasOwn(a, name)) differing.push(name);
  }
  if (differing.length === 0) return undefined;
  return differing.reduce((least, name) =>
    compareCodePoints(name, least) < 0 ? name : least
  );
}

/** A link of a step with where it came from. */
export interface SourcedArtifacts {
  /** The file it was read from. */
  path: string;
  materials: ArtifactMap;
  products: ArtifactMap;
}

/**
 * Requires every link of a step to agree with the first on materials and
 * products.
 *
 * @param step The step's name, for messages.
 * @param links The step's valid links, in `pubkeys` order.
 * @throws {IntotoError} `ARTIFACT_MISMATCH` naming both files and the artifact.
 */
export function checkConsistency(
  step: string,
  links: readonly SourcedArtifacts[],
): void {
  const [first, ...others] = links;
  if (first === undefined) return;
  for (const other of others) {
    for (const kind of ["materials", "products"] as const) {
      const artifact = firstDifference(first[kind], other[kind]);
      if (artifact !== undefined) {
        throw new IntotoError(
          "ARTIFACT_MISMATCH",
          `Step "${step}": links "${first.path}" and "${other.path}" disagree on ${kind}: "${artifact}" differs; all valid links of a step must agree`,
        );
      }
    }
  }
}
