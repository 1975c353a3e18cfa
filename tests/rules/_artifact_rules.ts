// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Helpers of the applyArtifactRules() tests
 * (tests/rules/artifact_rules_*_test.ts): artifact maps, and a case applied,
 * its consumption, or its failure.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { ArtifactMap } from "../../lib/model/link.ts";
import {
  applyArtifactRules,
  type ArtifactKind,
  ArtifactRuleError,
  type LinkArtifacts,
  type RuleReport,
} from "../../lib/rules/artifact_rules.ts";
import { parseRule } from "../../lib/model/rule.ts";

/** A sha256 digest, the default of {@linkcode artifacts}. */
export const SHA_A: string =
  "d65165279105ca6773180500688df4bdc69a2c7b771752f0a46ef120b7fd8ec3";
/** Another sha256 digest. */
export const SHA_B: string =
  "155c693a6b7481f48626ebfc545f05236df679f0099225d6d0bc472e6dd21155";

/** Artifacts from names, each with sha256 A unless given. */
export function artifacts(
  ...entries: (string | [string, Record<string, string>])[]
): ArtifactMap {
  const map: ArtifactMap = {};
  for (const entry of entries) {
    const [name, digests] = typeof entry === "string"
      ? [entry, { sha256: SHA_A }]
      : entry;
    Object.defineProperty(map, name, {
      value: digests,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return map;
}

/** One application of rules to the link of an item named "item". */
export interface Case {
  rules: string[][];
  kind?: ArtifactKind;
  link: LinkArtifacts;
  others?: Record<string, LinkArtifacts>;
  itemType?: "step" | "inspection";
}

/**
 * Applies a case's rules.
 *
 * @param test The case.
 * @returns The rules' report.
 */
export function apply(test: Case): RuleReport {
  const links = new Map(Object.entries(test.others ?? {}));
  links.set("item", test.link);
  return applyArtifactRules({
    item: "item",
    kind: test.kind ?? "materials",
    rules: test.rules.map((tokens) => parseRule(tokens)),
    link: test.link,
    links,
    ...(test.itemType === undefined ? {} : { itemType: test.itemType }),
  });
}

/**
 * What a case's rules consumed.
 *
 * @param test The case.
 * @returns The consumed names, sorted.
 */
export function consumed(test: Case): string[] {
  return apply(test).rules.flatMap((outcome) => outcome.consumed).sort();
}

/**
 * The rule failure of a case, failing the test when it passes.
 *
 * @param test The case.
 * @returns The error.
 */
export function failure(test: Case): ArtifactRuleError {
  try {
    apply(test);
  } catch (error) {
    if (error instanceof ArtifactRuleError) return error;
    throw error;
  }
  assert.fail(`expected a rule failure: ${JSON.stringify(test.rules)}`);
}
