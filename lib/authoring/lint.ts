// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Common mistakes in a layout, found without any links: rules that can
 * never apply, missing final `DISALLOW *`, thresholds no set of keys can
 * meet, unused and missing keys, an expiry passed or far away, unclean
 * patterns, MATCH rules against unknown or later steps, products nothing
 * consumes, and inspections whose command is not on `PATH`. The layout is
 * read leniently, so that a layout verification rejects still gets every
 * finding.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";
import { parseExpires } from "../model/date.ts";
import { validateLayout } from "../model/layout.ts";
import {
  formatRule,
  parseRule,
  type Rule,
  rulePathProblems,
} from "../model/rule.ts";
import { childPath } from "../model/validate.ts";
import { resolveCommand } from "../process/command.ts";
import { covers, disjoint, underPrefix } from "./pattern_relations.ts";

/** How bad a finding is: an error makes `lint` fail. */
export type LintSeverity = "error" | "warning";

/** The kinds of findings, one per check. */
export type LintCheck =
  | "invalid-layout"
  | "invalid-rule"
  | "unclean-pattern"
  | "shadowed-rule"
  | "no-final-disallow"
  | "match-unknown-step"
  | "match-later-step"
  | "unconsumed-product"
  | "threshold"
  | "missing-key"
  | "unused-key"
  | "expiry"
  | "inspection-command";

/** One mistake found in a layout. */
export interface LintFinding {
  /** `error` or `warning`. */
  severity: LintSeverity;
  /** Which check found it. */
  check: LintCheck;
  /** The JSON path of what it is about, such as `steps[1].expected_materials[0]`. */
  path: string;
  /** The step or inspection it is about, if any. */
  item?: { type: "step" | "inspection"; name: string };
  /** The rule it is about, as text, if any. */
  rule?: string;
  /** What is wrong and what to do. */
  message: string;
}

/** Options for {@linkcode lintLayout}. */
export interface LintOptions {
  /** The instant the expiry is judged at (default now). */
  now?: Date;
  /** The search path for inspection commands (default `PATH`). */
  path?: string;
  /** The file name, for messages. */
  source?: string;
}

/** An expiry further away than this many years is a warning. */
const MAX_EXPIRY_YEARS = 2;

/** A step or an inspection, read leniently. */
interface Item {
  type: "step" | "inspection";
  name: string;
  path: string;
  /** Steps first, then inspections: the order they run in. */
  order: number;
  object: JsonObject;
}

/**
 * Finds common mistakes in a layout. Errors are mistakes that make the
 * layout fail or protect less than it says; warnings are likely mistakes.
 *
 * @param signed The layout's signed content or DSSE payload, signed or not.
 * @param options The time and search path to judge by.
 * @returns The findings, in the layout's order.
 * @throws {IntotoError} `INVALID_METADATA` when it is not a layout at all
 * (no object, or `steps` or `inspect` not lists of objects).
 *
 * @example Usage
 * ```ts
 * import { lintLayout } from "./lint.ts";
 * import assert from "node:assert/strict";
 * const findings = await lintLayout({
 *   _type: "layout", expires: "2030-01-01T00:00:00Z", keys: {}, inspect: [],
 *   steps: [{ _type: "step", name: "build", pubkeys: [], threshold: 1,
 *     expected_command: [], expected_materials: [["ALLOW", "*"], ["DISALLOW", "*"]],
 *     expected_products: [] }],
 * }, { now: new Date("2029-06-01T00:00:00Z") });
 * assert.ok(findings.some((finding) => finding.check === "shadowed-rule"));
 * ```
 */
export async function lintLayout(
  signed: JsonValue,
  options: LintOptions = {},
): Promise<LintFinding[]> {
  const what = options.source === undefined ? "" : ` "${options.source}"`;
  if (!isJsonObject(signed) || signed._type !== "layout") {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot lint${what}: not a layout (its "_type" must be "layout")`,
    );
  }
  const items = readItems(signed, what);
  const findings: LintFinding[] = [
    ...expiryFindings(signed.expires, options.now ?? new Date()),
    ...keyFindings(signed, items),
  ];
  for (const item of items) {
    for (const field of ["expected_materials", "expected_products"] as const) {
      findings.push(...ruleFindings(item, field, items));
    }
  }
  findings.push(...unconsumedProducts(items));
  findings.push(...await commandFindings(items, options.path));
  if (!findings.some((finding) => finding.severity === "error")) {
    try {
      validateLayout(signed);
    } catch (error) {
      if (!isIntotoError(error, "INVALID_METADATA")) throw error;
      findings.push({
        severity: "error",
        check: "invalid-layout",
        path: "",
        message: `verification rejects the layout: ${error.message}`,
      });
    }
  }
  return findings;
}

function readItems(signed: JsonObject, what: string): Item[] {
  const items: Item[] = [];
  for (
    const [field, type] of [["steps", "step"], [
      "inspect",
      "inspection",
    ]] as const
  ) {
    const list = signed[field];
    if (!Array.isArray(list) || !list.every(isJsonObject)) {
      throw new IntotoError(
        "INVALID_METADATA",
        `Cannot lint${what}: "${field}" must be a list of objects`,
      );
    }
    list.forEach((object, index) => {
      const path = childPath(field, index);
      const name = typeof object.name === "string" ? object.name : path;
      items.push({ type, name, path, order: items.length, object });
    });
  }
  return items;
}

function expiryFindings(
  expires: JsonValue | undefined,
  now: Date,
): LintFinding[] {
  let date: Date;
  try {
    date = parseExpires(expires, '"expires"');
  } catch (error) {
    if (!isIntotoError(error)) throw error;
    return [{
      severity: "error",
      check: "expiry",
      path: "expires",
      message: error.message,
    }];
  }
  if (date.getTime() <= now.getTime()) {
    return [{
      severity: "error",
      check: "expiry",
      path: "expires",
      message:
        `the layout expired on ${expires}: verification refuses it; set a later expiry`,
    }];
  }
  const limit = new Date(now.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_EXPIRY_YEARS);
  if (date.getTime() > limit.getTime()) {
    return [{
      severity: "warning",
      check: "expiry",
      path: "expires",
      message:
        `the layout expires on ${expires}, more than ${MAX_EXPIRY_YEARS} years from now: a leaked functionary key stays trusted that long; renew it more often`,
    }];
  }
  return [];
}

function keyFindings(signed: JsonObject, items: Item[]): LintFinding[] {
  const keys = isJsonObject(signed.keys) ? signed.keys : {};
  const rootcas = isJsonObject(signed.rootcas) ? signed.rootcas : {};
  const findings: LintFinding[] = [];
  const used = new Set<string>();
  for (const item of items.filter((item) => item.type === "step")) {
    const where = { type: item.type, name: item.name };
    const pubkeys = Array.isArray(item.object.pubkeys)
      ? item.object.pubkeys.filter((keyid): keyid is string =>
        typeof keyid === "string"
      )
      : [];
    const present = pubkeys.filter((keyid) => Object.hasOwn(keys, keyid));
    for (const keyid of pubkeys) {
      used.add(keyid);
      if (!Object.hasOwn(keys, keyid)) {
        findings.push({
          severity: "error",
          check: "missing-key",
          path: childPath(item.path, "pubkeys"),
          item: where,
          message:
            `step "${item.name}" names key "${keyid}", which the layout's keys do not list: add the key or remove it from the step`,
        });
      }
    }
    const certified = Array.isArray(item.object.cert_constraints) &&
      item.object.cert_constraints.length > 0;
    if (certified && Object.keys(rootcas).length === 0) {
      findings.push({
        severity: "error",
        check: "missing-key",
        path: childPath(item.path, "cert_constraints"),
        item: where,
        message:
          `step "${item.name}" accepts certificates, but the layout lists no rootcas they could chain to: add the root CA's certificate to rootcas`,
      });
    }
    const threshold = item.object.threshold;
    const path = childPath(item.path, "threshold");
    if (
      typeof threshold !== "number" || !Number.isSafeInteger(threshold) ||
      threshold < 1
    ) {
      findings.push({
        severity: "error",
        check: "threshold",
        path,
        item: where,
        message: `step "${item.name}" has threshold ${
          JSON.stringify(threshold)
        }: it must be a whole number of at least 1`,
      });
    } else if (threshold > present.length && !certified) {
      // Certificates that meet cert_constraints count as further signers.
      findings.push({
        severity: "error",
        check: "threshold",
        path,
        item: where,
        message: `step "${item.name}" needs ${threshold} signers but ${
          threshold > pubkeys.length
            ? `has only ${pubkeys.length} key(s)`
            : `only ${present.length} of its ${pubkeys.length} keys are in the layout`
        }: no set of links can ever meet it`,
      });
    }
  }
  for (const keyid of Object.keys(keys)) {
    if (used.has(keyid)) continue;
    findings.push({
      severity: "warning",
      check: "unused-key",
      path: childPath("keys", keyid),
      message:
        `key "${keyid}" is listed but no step uses it: remove it, or add it to the step it is for`,
    });
  }
  return findings;
}

/** The findings of one rule list of one step or inspection. */
function ruleFindings(
  item: Item,
  field: "expected_materials" | "expected_products",
  items: Item[],
): LintFinding[] {
  const listPath = childPath(item.path, field);
  const list = item.object[field];
  const where = { type: item.type, name: item.name };
  const kind = field === "expected_materials" ? "materials" : "products";
  const findings: LintFinding[] = [];
  const add = (
    path: string,
    severity: LintSeverity,
    check: LintCheck,
    message: string,
    rule?: string,
  ) => {
    findings.push({
      severity,
      check,
      path,
      item: where,
      ...(rule === undefined ? {} : { rule }),
      message,
    });
  };
  if (!Array.isArray(list)) {
    add(
      listPath,
      "error",
      "invalid-rule",
      `${item.type} "${item.name}" ${kind}: expected a list of rules`,
    );
    return findings;
  }
  /** Earlier ALLOW and DISALLOW rules, which select unconditionally. */
  const earlier: { rule: Rule; text: string }[] = [];
  let last: Rule | undefined;
  list.forEach((tokens, index) => {
    const path = childPath(listPath, index);
    const text = Array.isArray(tokens)
      ? formatRule(tokens.map(String))
      : JSON.stringify(tokens);
    let rule: Rule;
    try {
      rule = parseRule(tokens, { allowUnclean: true });
    } catch (error) {
      if (!isIntotoError(error)) throw error;
      last = undefined;
      add(
        path,
        "error",
        "invalid-rule",
        `${item.type} "${item.name}" ${kind}: ${error.message}`,
        text,
      );
      return;
    }
    last = rule;
    const about = `${item.type} "${item.name}" ${kind} rule "${text}"`;
    for (const problem of rulePathProblems(rule)) {
      add(path, "error", "unclean-pattern", `${about}: ${problem}`, text);
    }
    const selects = rule.type === "MATCH"
      ? underPrefix(rule.sourcePrefix, rule.pattern)
      : rule.pattern;
    const shadow = earlier.find((before) =>
      covers(before.rule.pattern, selects)
    );
    if (shadow !== undefined) {
      if (shadow.rule.type === "ALLOW") {
        add(
          path,
          "error",
          "shadowed-rule",
          rule.type === "REQUIRE"
            ? `${about} can never pass: "${shadow.text}" before it already consumes "${rule.pattern}"`
            : `${about} can never match: "${shadow.text}" before it already consumes everything it selects; move it before that rule`,
          text,
        );
      } else {
        add(
          path,
          "warning",
          "shadowed-rule",
          `${about} never applies: "${shadow.text}" before it already rejects everything it selects`,
          text,
        );
      }
    }
    if (rule.type === "ALLOW" || rule.type === "DISALLOW") {
      earlier.push({ rule, text });
    }
    if (rule.type === "MATCH") {
      findings.push(...matchFindings(item, rule, { path, about, text }, items));
    }
  });
  if (last === undefined || last.type !== "DISALLOW" || last.pattern !== "*") {
    add(
      listPath,
      "warning",
      "no-final-disallow",
      `${item.type} "${item.name}" ${kind} do not end with "DISALLOW *": whatever no rule names is allowed; end the list with it`,
    );
  }
  return findings;
}

function matchFindings(
  item: Item,
  rule: Extract<Rule, { type: "MATCH" }>,
  where: { path: string; about: string; text: string },
  items: Item[],
): LintFinding[] {
  const target = items.find((other) => other.name === rule.destinationStep);
  const base = {
    severity: "error" as const,
    path: where.path,
    item: { type: item.type, name: item.name },
    rule: where.text,
  };
  if (target === undefined) {
    return [{
      ...base,
      check: "match-unknown-step",
      message:
        `${where.about} names "${rule.destinationStep}", which is no step or inspection of the layout: it matches nothing`,
    }];
  }
  // Steps only MATCH earlier steps; inspections run after every step, in order.
  const later = item.type === "step"
    ? target.type === "inspection" || target.order >= item.order
    : target.type === "inspection" && target.order >= item.order;
  if (!later) return [];
  return [{
    ...base,
    check: "match-later-step",
    message: `${where.about} names ${target.type} "${target.name}", which ${
      target === item ? "is this one" : "runs later"
    }: its artifacts cannot be inputs here; MATCH an earlier step`,
  }];
}

/** CREATE and MODIFY products of steps that no later MATCH consumes. */
function unconsumedProducts(items: Item[]): LintFinding[] {
  const consumers = items.flatMap((item) =>
    (["expected_materials", "expected_products"] as const).flatMap((field) => {
      const list = item.object[field];
      return Array.isArray(list)
        ? list.flatMap((tokens) => tryParse(tokens) ?? [])
        : [];
    }).filter((rule) =>
      rule.type === "MATCH" && rule.destinationType === "products"
    )
      .map((rule) => ({ item, rule: rule as Extract<Rule, { type: "MATCH" }> }))
  );
  const findings: LintFinding[] = [];
  for (const step of items.filter((item) => item.type === "step")) {
    const list = step.object.expected_products;
    if (!Array.isArray(list)) continue;
    list.forEach((tokens, index) => {
      const rule = tryParse(tokens);
      if (rule?.type !== "CREATE" && rule?.type !== "MODIFY") return;
      const consumed = consumers.some(({ item, rule: match }) =>
        item.order > step.order && match.destinationStep === step.name &&
        !disjoint(
          underPrefix(match.destinationPrefix, match.pattern),
          rule.pattern,
        )
      );
      if (consumed) return;
      const text = formatRule(tokens as string[]);
      findings.push({
        severity: "warning",
        check: "unconsumed-product",
        path: childPath(childPath(step.path, "expected_products"), index),
        item: { type: "step", name: step.name },
        rule: text,
        message:
          `step "${step.name}" products rule "${text}": no later step or inspection MATCHes "${rule.pattern}" WITH PRODUCTS FROM "${step.name}", so nothing checks that what it made is what is used next`,
      });
    });
  }
  return findings;
}

function tryParse(tokens: JsonValue): Rule | undefined {
  try {
    return parseRule(tokens, { allowUnclean: true });
  } catch (error) {
    if (!isIntotoError(error)) throw error;
    return undefined;
  }
}

/** Inspections whose program is not found on the search path. */
async function commandFindings(
  items: Item[],
  path: string | undefined,
): Promise<LintFinding[]> {
  const findings: LintFinding[] = [];
  for (const item of items.filter((item) => item.type === "inspection")) {
    const run = item.object.run;
    const program = Array.isArray(run) ? run[0] : undefined;
    // A relative path depends on where verification runs: not checked.
    if (typeof program !== "string" || program.includes("/")) continue;
    try {
      await resolveCommand(program, path === undefined ? {} : { path });
    } catch (error) {
      if (!isIntotoError(error, "STEP_FAILED")) throw error;
      findings.push({
        severity: "warning",
        check: "inspection-command",
        path: childPath(item.path, "run"),
        item: { type: "inspection", name: item.name },
        message:
          `inspection "${item.name}" runs "${program}", which is not found on PATH here: verification will fail where it is missing`,
      });
    }
  }
  return findings;
}
