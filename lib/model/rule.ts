// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Artifact rules: parsing the token lists of a layout into typed rules.
 *
 * The grammar is the reference's (spec §4.3.3), with two strictnesses more:
 * keywords must be upper case, as the spec writes them; and patterns and
 * prefixes must be clean relative paths, as artifact names are
 * (`artifact_name.ts`). A pattern such as `./secret.key`, `/etc/passwd`,
 * `a/../b`, `d//f` or `dir/` can never match a recorded name, so a DISALLOW,
 * REQUIRE or MATCH written with it would silently protect nothing
 * (CVE-2021-41087 class). A prefix may end in one `/`.
 *
 * ```
 * CREATE|DELETE|MODIFY|ALLOW|DISALLOW|REQUIRE <pattern>
 * MATCH <pattern> [IN <prefix>] WITH MATERIALS|PRODUCTS [IN <prefix>] FROM <step>
 * ```
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { artifactNameProblem } from "./artifact_name.ts";
import { splitWords } from "./words.ts";

/** The rules that take one pattern. */
export type SimpleRuleType =
  | "CREATE"
  | "DELETE"
  | "MODIFY"
  | "ALLOW"
  | "DISALLOW"
  | "REQUIRE";

/** A rule with one pattern (a literal name for REQUIRE). */
export interface SimpleRule {
  /** The rule's keyword. */
  type: SimpleRuleType;
  /** An fnmatch pattern over artifact names. */
  pattern: string;
}

/** `MATCH pattern [IN sourcePrefix] WITH destinationType [IN destinationPrefix] FROM destinationStep`. */
export interface MatchRule {
  /** Always `MATCH`. */
  type: "MATCH";
  /** An fnmatch pattern over names below `sourcePrefix`. */
  pattern: string;
  /** The folder the pattern applies in; empty for all. */
  sourcePrefix: string;
  /** Which artifacts of the other step to compare with. */
  destinationType: "materials" | "products";
  /** The folder of the other step's artifacts; empty for all. */
  destinationPrefix: string;
  /** The other step's name. */
  destinationStep: string;
}

/** Any artifact rule. */
export type Rule = SimpleRule | MatchRule;

const SIMPLE_TYPES: ReadonlySet<string> = new Set([
  "CREATE",
  "DELETE",
  "MODIFY",
  "ALLOW",
  "DISALLOW",
  "REQUIRE",
]);

/**
 * Writes a rule back as the space-separated text used in messages.
 *
 * @param tokens The rule's tokens.
 * @returns Such as `MATCH foo.py WITH PRODUCTS FROM write-code`.
 */
export function formatRule(tokens: readonly string[]): string {
  return tokens.join(" ");
}

/**
 * Writes a typed rule back as tokens, the inverse of {@linkcode parseRule}
 * (an empty `IN ""` prefix is left out, which means the same).
 *
 * @param rule A parsed rule.
 * @returns Its tokens, keywords in upper case.
 *
 * @example Usage
 * ```ts
 * import { parseRule, ruleTokens } from "./rule.ts";
 * import assert from "node:assert/strict";
 * const tokens = ["MATCH", "*", "IN", "src", "WITH", "PRODUCTS", "FROM", "build"];
 * assert.deepEqual(ruleTokens(parseRule(tokens)), tokens);
 * ```
 */
export function ruleTokens(rule: Rule): string[] {
  if (rule.type !== "MATCH") return [rule.type, rule.pattern];
  return [
    "MATCH",
    rule.pattern,
    ...(rule.sourcePrefix === "" ? [] : ["IN", rule.sourcePrefix]),
    "WITH",
    rule.destinationType === "materials" ? "MATERIALS" : "PRODUCTS",
    ...(rule.destinationPrefix === "" ? [] : ["IN", rule.destinationPrefix]),
    "FROM",
    rule.destinationStep,
  ];
}

/** Options for {@linkcode parseRule}. */
export interface ParseRuleOptions {
  /**
   * Accept patterns and prefixes that are not clean relative paths (default
   * false). Only for tools that report them themselves, with
   * {@linkcode rulePathProblems}: verification never sets it.
   */
  allowUnclean?: boolean;
}

/**
 * Parses one rule.
 *
 * @param tokens The rule as the layout holds it (anything; non-lists fail).
 * @param options Whether unclean paths are accepted.
 * @returns The typed rule.
 * @throws {IntotoError} `INVALID_METADATA` naming the rule and what is wrong.
 *
 * @example Usage
 * ```ts
 * import { parseRule } from "./rule.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseRule(["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"]), {
 *   type: "MATCH", pattern: "*", sourcePrefix: "", destinationType: "products",
 *   destinationPrefix: "", destinationStep: "build",
 * });
 * ```
 */
export function parseRule(
  tokens: unknown,
  options: ParseRuleOptions = {},
): Rule {
  if (!Array.isArray(tokens)) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot parse rule ${
        JSON.stringify(tokens) ?? String(tokens)
      }: a rule must be a list of strings`,
    );
  }
  const fail = (detail: string): never => {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot parse rule "${
        tokens.map((token) =>
          typeof token === "string" ? token : JSON.stringify(token)
        ).join(" ")
      }": ${detail}`,
    );
  };
  if (!tokens.every((token): token is string => typeof token === "string")) {
    return fail("every token must be a string");
  }
  const [keyword = "", pattern = ""] = tokens;
  if (keyword !== keyword.toUpperCase()) {
    return fail(`write the keyword in upper case, "${keyword.toUpperCase()}"`);
  }
  if (SIMPLE_TYPES.has(keyword)) {
    if (tokens.length !== 2) {
      return fail(`${keyword} takes exactly one pattern`);
    }
    const rule = { type: keyword as SimpleRuleType, pattern };
    if (!options.allowUnclean) checkPaths(rule, fail);
    return rule;
  }
  if (keyword !== "MATCH") {
    return fail(
      "the first word must be one of CREATE, DELETE, MODIFY, ALLOW, DISALLOW, REQUIRE, MATCH",
    );
  }
  const rule = parseMatch(tokens, fail);
  if (!options.allowUnclean) checkPaths(rule, fail);
  return rule;
}

/**
 * Parses a rule written as the reference prints it, words separated by
 * spaces: `MATCH foo.tar.gz WITH PRODUCTS FROM package`. A word with spaces
 * is quoted as in a shell (`ALLOW "release notes.txt"`).
 *
 * @param text The rule.
 * @param options Whether unclean paths are accepted.
 * @returns The typed rule.
 * @throws {IntotoError} `INVALID_METADATA` as {@linkcode parseRule};
 * `USAGE` for an unclosed quote.
 *
 * @example Usage
 * ```ts
 * import { parseRuleText } from "./rule.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseRuleText("CREATE  foo.py").type, "CREATE");
 * assert.equal(parseRuleText('ALLOW "a b.txt"').pattern, "a b.txt");
 * ```
 */
export function parseRuleText(
  text: string,
  options: ParseRuleOptions = {},
): Rule {
  return parseRule(splitWords(text), options);
}

/**
 * Why the patterns and prefixes of a rule can never match a recorded name:
 * one sentence per unclean path, with the clean form to write when there is
 * one. {@linkcode parseRule} rejects such a rule with the first of them.
 *
 * @param rule A rule parsed with `allowUnclean`.
 * @returns The problems; empty for a rule of clean paths.
 *
 * @example Usage
 * ```ts
 * import { parseRule, rulePathProblems } from "./rule.ts";
 * import assert from "node:assert/strict";
 * const rule = parseRule(["ALLOW", "./a.py"], { allowUnclean: true });
 * assert.deepEqual(rulePathProblems(rule), [
 *   'the pattern "./a.py" can never match a recorded name: it has a "." segment; write "a.py"',
 * ]);
 * ```
 */
export function rulePathProblems(rule: Rule): string[] {
  const paths: [string, "pattern" | "prefix"][] = [[rule.pattern, "pattern"]];
  if (rule.type === "MATCH") {
    for (const prefix of [rule.sourcePrefix, rule.destinationPrefix]) {
      if (prefix !== "") paths.push([prefix, "prefix"]);
    }
  }
  return paths.flatMap(([path, kind]) => pathProblem(path, kind) ?? []);
}

function checkPaths(rule: Rule, fail: (detail: string) => never): void {
  const [problem] = rulePathProblems(rule);
  if (problem !== undefined) fail(problem);
}

function parseMatch(
  tokens: readonly string[],
  fail: (detail: string) => never,
): MatchRule {
  const usage =
    "expected MATCH <pattern> [IN <prefix>] WITH MATERIALS|PRODUCTS [IN <prefix>] FROM <step>";
  if (![6, 8, 10].includes(tokens.length)) return fail(usage);
  let index = 2;
  let sourcePrefix = "";
  if (tokens[index] === "IN") {
    sourcePrefix = tokens[index + 1] ?? "";
    index += 2;
  }
  if (tokens[index] !== "WITH") return fail(usage);
  const destination = tokens[index + 1];
  if (destination !== "MATERIALS" && destination !== "PRODUCTS") {
    return fail(usage);
  }
  index += 2;
  let destinationPrefix = "";
  if (tokens[index] === "IN") {
    destinationPrefix = tokens[index + 1] ?? "";
    index += 2;
  }
  if (tokens[index] !== "FROM" || index + 2 !== tokens.length) {
    return fail(usage);
  }
  const destinationStep = tokens[index + 1] ?? "";
  if (destinationStep === "") return fail("the step name is empty");
  const pattern = tokens[1] ?? "";
  return {
    type: "MATCH",
    pattern,
    sourcePrefix,
    destinationType: destination === "MATERIALS" ? "materials" : "products",
    destinationPrefix,
    destinationStep,
  };
}

/**
 * Why `path` could never match a recorded artifact name, unless it is a
 * clean relative path (a prefix may end in one `/`).
 */
function pathProblem(
  path: string,
  kind: "pattern" | "prefix",
): string | undefined {
  const bare = kind === "prefix" && path.endsWith("/")
    ? path.slice(0, -1)
    : path;
  const problem = artifactNameProblem(bare);
  if (problem === undefined) return undefined;
  const clean = suggestClean(path);
  return `the ${kind} "${path}" can never match a recorded name: ${problem}; ` +
    (clean === undefined
      ? "write it as a clean relative path"
      : `write "${clean}"`);
}

/** The clean form of `path`, when normalising it leaves one. */
function suggestClean(path: string): string | undefined {
  if (path.includes("\0") || path.includes("\\")) return undefined;
  const directory = path.endsWith("/");
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  return segments.join("/") + (directory ? "/*" : "");
}
