// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Applying a step's or inspection's artifact rules to its link, with the
 * queue algorithm of the reference's `verify_item_rules` (spec §4.3.3).
 *
 * The queue starts as the names of the link's materials (or products). Each
 * rule, in order, selects the queued names its pattern matches:
 *
 * - `ALLOW` consumes them all.
 * - `CREATE` consumes those that are products but not materials.
 * - `DELETE` consumes those that are materials but not products.
 * - `MODIFY` consumes those in both whose digest sets differ.
 * - `MATCH p [IN src] WITH MATERIALS|PRODUCTS [IN dst] FROM step` keeps the
 *   names under `src/`, matches `p` against the rest, and consumes those
 *   that `step` recorded as `dst/<rest>` with an identical digest set. A
 *   missing link for `step` consumes nothing and is no error.
 * - `DISALLOW` fails if it selects anything.
 * - `REQUIRE` takes a literal name (not a pattern) and fails unless it is
 *   still queued.
 *
 * Whatever is left is allowed by an implicit final `ALLOW *`; that is how a
 * MATCH whose digest differs passes unless a `DISALLOW` follows. intoto keeps
 * these semantics, records such near misses, and names them when a later
 * rule fails.
 *
 * Stricter than the reference: every name in the link must be a clean
 * relative path (see {@linkcode checkArtifactName}), and an empty digest
 * set proves nothing: it never matches in MATCH and never counts as
 * modified in MODIFY.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import {
  type ArtifactMap,
  type DigestSet,
  type Link,
  sameDigests,
} from "../model/link.ts";
import { ACCEPTED_DIGEST_ALGORITHMS } from "../model/digest_set.ts";
import { checkArtifactName } from "../model/artifact_name.ts";
import { artifactNames } from "../model/artifact_names.ts";
import { ArtifactQueue } from "./artifact_queue.ts";
import {
  formatRule,
  type MatchRule,
  type Rule,
  ruleTokens,
} from "../model/rule.ts";

/** Which of a link's artifact lists a rule list applies to. */
export type ArtifactKind = "materials" | "products";

/** The part of a link the rules read. */
export type LinkArtifacts = Pick<Link, "materials" | "products">;

/** Input of {@linkcode applyArtifactRules}. */
export interface ApplyArtifactRulesInput {
  /** The step's or inspection's name. */
  item: string;
  /** For messages; default `"step"`. */
  itemType?: "step" | "inspection";
  /** `expected_materials` apply to materials, `expected_products` to products. */
  kind: ArtifactKind;
  /** The rules, parameters already substituted. */
  rules: readonly Rule[];
  /** The item's own link. */
  link: LinkArtifacts;
  /** Links by step (and inspection) name, the destinations of MATCH. */
  links: ReadonlyMap<string, LinkArtifacts>;
}

/** An artifact a MATCH pattern selected but did not consume, and why. */
export interface UnmatchedArtifact {
  /** The artifact's name. */
  artifact: string;
  /** Why it was not consumed, such as a missing or different match. */
  reason: string;
}

/** What one rule did. */
export interface RuleOutcome {
  /** The rule as text, such as `MATCH * WITH PRODUCTS FROM build`. */
  rule: string;
  /** The artifacts it consumed, in the link's order. */
  consumed: string[];
  /** MATCH only: the selected artifacts it did not consume. */
  unmatched?: UnmatchedArtifact[];
}

/** Why a rule list failed. */
export interface RuleFailure {
  /** The failing rule as text (DISALLOW or REQUIRE). */
  rule: string;
  /** The disallowed or missing artifacts. */
  artifacts: string[];
  /** The error message. */
  message: string;
}

/** What a rule list did, for `--report json`. */
export interface RuleReport {
  /** The step or inspection the rules belong to. */
  item: string;
  /** Whether the rules apply to its materials or its products. */
  kind: ArtifactKind;
  /** One entry per rule applied, in order. */
  rules: RuleOutcome[];
  /** Left after the last rule, so allowed by the implicit `ALLOW *`. */
  unconsumed: string[];
  /** Set when a rule failed; the rules after it were not applied. */
  failure?: RuleFailure;
}

/**
 * An artifact rule failed. `code` is `RULE_FAILED`; `report` shows what
 * every rule up to the failing one did.
 */
export class ArtifactRuleError extends IntotoError {
  /** The rules applied so far, with {@linkcode RuleReport.failure} set. */
  readonly report: RuleReport;

  /**
   * Makes the error of a failed rule list.
   *
   * @param report The report, its `failure` set.
   */
  constructor(report: RuleReport & { failure: RuleFailure }) {
    super("RULE_FAILED", report.failure.message);
    this.name = "ArtifactRuleError";
    this.report = report;
  }
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/** Python's `posixpath.join(a, b)` for two parts. */
function joinPath(head: string, tail: string): string {
  if (tail.startsWith("/")) return tail;
  if (head === "" || head.endsWith("/")) return head + tail;
  return `${head}/${tail}`;
}

/**
 * Whether MATCH may rely on two digest sets: identical, and holding at least
 * one collision-resistant algorithm (A4: never only md5, sha1 or unknown
 * names, which a forger could satisfy).
 */
function matchingDigests(left: DigestSet, right: DigestSet): boolean {
  return sameDigests(left, right) && hasStrongDigest(left);
}

function hasStrongDigest(digests: DigestSet): boolean {
  for (const algorithm in digests) {
    if (
      ACCEPTED_DIGEST_ALGORITHMS.has(algorithm) &&
      Object.hasOwn(digests, algorithm)
    ) return true;
  }
  return false;
}

function isEmpty(digests: DigestSet): boolean {
  return Object.keys(digests).length === 0;
}

/** Two digests cut short where they still differ visibly. */
function abbreviate(left: string, right: string): [string, string] {
  let length = 12;
  const longest = Math.max(left.length, right.length);
  while (length < longest && left.slice(0, length) === right.slice(0, length)) {
    length += 8;
  }
  const cut = (digest: string) =>
    digest.length > length ? `${digest.slice(0, length)}...` : digest;
  return [cut(left), cut(right)];
}

/** Explains why a selected source artifact does not match its destination. */
function digestMismatch(
  rule: MatchRule,
  source: { path: string; digests: DigestSet },
  destination: { path: string; digests: DigestSet },
): string {
  const step = rule.destinationStep;
  const verb = rule.destinationType === "products" ? "produced" : "used";
  const what = source.path === destination.path
    ? ""
    : `${quote(destination.path)} with `;
  if (isEmpty(source.digests)) {
    return `${quote(source.path)} has no digest, so it matches nothing`;
  }
  if (isEmpty(destination.digests)) {
    return `${step} ${verb} ${quote(destination.path)} with no digest, ` +
      "so it matches nothing";
  }
  if (
    sameDigests(source.digests, destination.digests) &&
    !hasStrongDigest(source.digests)
  ) {
    return `${quote(source.path)} has only ${
      Object.keys(source.digests).sort().join(", ")
    } digests, none collision-resistant, so it matches nothing`;
  }
  const algorithms = Object.keys(source.digests).sort();
  const common = algorithms.filter((algorithm) =>
    Object.hasOwn(destination.digests, algorithm)
  );
  const differing = common.find((algorithm) =>
    source.digests[algorithm] !== destination.digests[algorithm]
  );
  const shown = common.includes("sha256") &&
      source.digests.sha256 !== destination.digests.sha256
    ? "sha256"
    : differing;
  if (shown !== undefined) {
    const [ours, theirs] = abbreviate(
      String(source.digests[shown]),
      String(destination.digests[shown]),
    );
    return `${quote(source.path)} has ${shown} ${ours} but ${step} ${verb} ` +
      `${what}${theirs}`;
  }
  const theirs = Object.keys(destination.digests).sort();
  return `${quote(source.path)} has digests for ${algorithms.join(", ")} ` +
    `but ${step} ${verb} ${what}digests for ${theirs.join(", ")} ` +
    "(the digest sets must be identical)";
}

function applyMatch(
  rule: MatchRule,
  queue: ArtifactQueue,
  source: ArtifactMap,
  links: ReadonlyMap<string, LinkArtifacts>,
): { consumed: string[]; unmatched: UnmatchedArtifact[] } {
  const consumed: string[] = [];
  const unmatched: UnmatchedArtifact[] = [];
  const destinationLink = links.get(rule.destinationStep);
  const prefix = rule.sourcePrefix === ""
    ? ""
    : joinPath(rule.sourcePrefix, "").replaceAll("\\", "/");
  for (const name of queue.select(rule.pattern, prefix)) {
    const rest = name.slice(prefix.length);
    const path = rule.destinationPrefix === ""
      ? rest
      : joinPath(rule.destinationPrefix, rest).replaceAll("\\", "/");
    const destination = destinationLink?.[rule.destinationType];
    const digests = source[name]!;
    let reason: string | undefined;
    if (destination === undefined) {
      reason = `${quote(name)} was not matched: there is no link for step ` +
        quote(rule.destinationStep);
    } else if (!Object.hasOwn(destination, path)) {
      const target = path === name
        ? quote(name)
        : `${quote(path)} (for ${quote(name)})`;
      reason = `${target} is not among the ${rule.destinationType} of ` +
        rule.destinationStep;
    } else if (!matchingDigests(digests, destination[path]!)) {
      reason = digestMismatch(rule, { path: name, digests }, {
        path,
        digests: destination[path]!,
      });
    }
    if (reason === undefined) consumed.push(name);
    else unmatched.push({ artifact: name, reason });
  }
  return { consumed, unmatched };
}

/**
 * The artifact maps whose names were checked, so that the call for a link's
 * products does not check again what the call for its materials checked: a
 * link may list a million names. Maps are read as immutable values (a
 * parsed link), found by identity.
 */
const checkedMaps = new WeakSet<ArtifactMap>();

/** Checks every name of `artifacts`, once per map. */
function checkNames(artifacts: ArtifactMap, where: string): void {
  if (checkedMaps.has(artifacts)) return;
  for (const name of artifactNames(artifacts)) {
    checkArtifactName(name, { where });
  }
  checkedMaps.add(artifacts);
}

function listMore(names: readonly string[]): string {
  if (names.length === 0) return "";
  const shown = names.slice(0, 5).map(quote).join(", ");
  const rest = names.length > 5 ? ` and ${names.length - 5} more` : "";
  return `; also not consumed: ${shown}${rest}`;
}

/**
 * Applies one rule list (`expected_materials` or `expected_products`) of a
 * step or inspection to its link.
 *
 * @param input The item, which list, the parsed rules, the item's link and
 *   the links of all steps by name.
 * @returns What each rule consumed.
 * @throws {ArtifactRuleError} `RULE_FAILED` when a DISALLOW selects an
 *   artifact or a REQUIRE misses one; the message names the item, the
 *   rule and the artifact, and the MATCH rule that did not match it.
 * @throws {IntotoError} `INVALID_METADATA` when a name in the link is not a
 *   clean relative path.
 *
 * @example Usage
 * ```ts
 * import { applyArtifactRules } from "./artifact_rules.ts";
 * import { parseRule } from "../model/rule.ts";
 * import assert from "node:assert/strict";
 * const build = { materials: {}, products: { "a.out": { sha256: "ab" } } };
 * const report = applyArtifactRules({
 *   item: "build",
 *   kind: "products",
 *   rules: [parseRule(["CREATE", "*.out"]), parseRule(["DISALLOW", "*"])],
 *   link: build,
 *   links: new Map([["build", build]]),
 * });
 * assert.deepEqual(report.rules[0], { rule: "CREATE *.out", consumed: ["a.out"] });
 * ```
 */
export function applyArtifactRules(input: ApplyArtifactRulesInput): RuleReport {
  const { item, kind, link } = input;
  const label = `${input.itemType === "inspection" ? "Inspection" : "Step"} ${
    quote(item)
  }`;
  const { materials, products } = link;
  const source = link[kind];
  // Every name of the link is checked, materials first, then products.
  checkNames(materials, `${label} materials`);
  checkNames(products, `${label} products`);
  const queue = new ArtifactQueue(artifactNames(source));
  const nearMisses = new Map<string, { rule: string; reason: string }>();
  const report: RuleReport = { item, kind, rules: [], unconsumed: [] };
  const fail = (rule: string, artifacts: string[], message: string): never => {
    report.unconsumed = [...queue];
    throw new ArtifactRuleError({
      ...report,
      failure: { rule, artifacts, message: `${label} ${kind}: ${message}` },
    });
  };
  for (const rule of input.rules) {
    const text = formatRule(ruleTokens(rule));
    const outcome: RuleOutcome = { rule: text, consumed: [] };
    report.rules.push(outcome);
    switch (rule.type) {
      case "ALLOW":
        outcome.consumed = queue.select(rule.pattern);
        break;
      case "CREATE":
        outcome.consumed = queue.select(rule.pattern).filter((name) =>
          Object.hasOwn(products, name) && !Object.hasOwn(materials, name)
        );
        break;
      case "DELETE":
        outcome.consumed = queue.select(rule.pattern).filter((name) =>
          Object.hasOwn(materials, name) && !Object.hasOwn(products, name)
        );
        break;
      case "MODIFY":
        outcome.consumed = queue.select(rule.pattern).filter((name) =>
          Object.hasOwn(materials, name) && Object.hasOwn(products, name) &&
          !isEmpty(materials[name]!) && !isEmpty(products[name]!) &&
          !sameDigests(materials[name]!, products[name]!)
        );
        break;
      case "MATCH": {
        const { consumed, unmatched } = applyMatch(
          rule,
          queue,
          source,
          input.links,
        );
        outcome.consumed = consumed;
        outcome.unmatched = unmatched;
        for (const { artifact, reason } of unmatched) {
          if (!nearMisses.has(artifact)) {
            nearMisses.set(artifact, { rule: text, reason });
          }
        }
        break;
      }
      case "DISALLOW": {
        const [first, ...others] = queue.select(rule.pattern);
        if (first === undefined) break;
        const miss = nearMisses.get(first);
        fail(
          text,
          [first, ...others],
          miss === undefined
            ? `rule ${quote(text)} failed: artifact ${
              quote(first)
            } was not consumed by an earlier rule${listMore(others)}`
            : `rule ${quote(miss.rule)} failed: ${miss.reason} ` +
              `(rejected by rule ${quote(text)})${listMore(others)}`,
        );
        break;
      }
      case "REQUIRE": {
        if (queue.has(rule.pattern)) break;
        const by = report.rules.find((earlier) =>
          earlier.consumed.includes(rule.pattern)
        )?.rule;
        fail(
          text,
          [rule.pattern],
          `rule ${quote(text)} failed: artifact ${quote(rule.pattern)} ` +
            (by === undefined
              ? `is not among the ${kind}`
              : `was already consumed by rule ${quote(by)}`),
        );
      }
    }
    queue.consume(outcome.consumed);
  }
  report.unconsumed = [...queue];
  return report;
}
