// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Our artifact rules against the reference's `verify_item_rules` (in-toto
 * 1.3.1) on generated rule lists and links: the verdicts must agree, except
 * where intoto is deliberately stricter, which is generated separately.
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import type { ArtifactMap, DigestSet } from "../../lib/model/link.ts";
import {
  applyArtifactRules,
  type ArtifactKind,
  ArtifactRuleError,
  type RuleReport,
} from "../../lib/rules/artifact_rules.ts";
import { parseRule } from "../../lib/model/rule.ts";
import { python } from "../_helpers.ts";
import { type Random, random } from "./_random.ts";

interface RuleCase {
  item: string;
  kind: ArtifactKind;
  rules: string[][];
  links: Record<string, { materials: ArtifactMap; products: ArtifactMap }>;
}

/** Per case: the verdict and the sorted queue after each applied rule. */
interface Outcome {
  pass: boolean | string;
  queues: string[][];
}

const PYTHON_VERIFY = `
import json, logging, sys
logging.disable(logging.CRITICAL)
import in_toto.verifylib as verifylib
from in_toto.exceptions import RuleVerificationError
from in_toto.models.link import Link
from in_toto.models.metadata import Metablock
outcomes = []
for case in json.load(sys.stdin):
  links = {name: Metablock(signed=Link(name=name, materials=link["materials"],
      products=link["products"])) for name, link in case["links"].items()}
  try:
    verifylib.verify_item_rules(case["item"], case["kind"], case["rules"], links)
    verdict = True
  except RuleVerificationError:
    verdict = False
  queues = [sorted(entry["queue"]) for entry in verifylib.RULE_TRACE["trace"]]
  outcomes.append({"pass": verdict, "queues": queues})
print(json.dumps(outcomes))
`;

async function referenceOutcomes(cases: RuleCase[]): Promise<Outcome[]> {
  const result = await python(PYTHON_VERIFY, { stdin: JSON.stringify(cases) });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** Python's sort order: by code point. */
function sorted(names: Iterable<string>): string[] {
  return [...names].sort((left, right) =>
    left < right ? -1 : left > right ? 1 : 0
  );
}

function queuesOf(initial: string[], report: RuleReport): string[][] {
  const queue = new Set(initial);
  return report.rules.map((outcome) => {
    for (const name of outcome.consumed) queue.delete(name);
    return sorted(queue);
  });
}

/** Ours: pass true, RULE_FAILED false, another error's code otherwise. */
function ourOutcome(test: RuleCase): Outcome {
  const link = test.links[test.item]!;
  const initial = Object.keys(link[test.kind]);
  try {
    const report = applyArtifactRules({
      item: test.item,
      kind: test.kind,
      rules: test.rules.map((tokens) => parseRule(tokens)),
      link,
      links: new Map(Object.entries(test.links)),
    });
    return { pass: true, queues: queuesOf(initial, report) };
  } catch (error) {
    if (error instanceof ArtifactRuleError) {
      // The reference records no queue for the rule that raised.
      return {
        pass: false,
        queues: queuesOf(initial, error.report).slice(0, -1),
      };
    }
    if (isIntotoError(error)) return { pass: error.code, queues: [] };
    throw error;
  }
}

const NAMES = [
  "a",
  "b.py",
  "c.key",
  "foo",
  "foobar",
  "src/a",
  "src/b.py",
  "src/sub/c.key",
  "dst/a",
  "dst/b.py",
  "x/a",
  "A",
];
const DIGESTS: DigestSet[] = [
  { sha256: "aa" },
  { sha256: "bb" },
  { sha256: "aa", sha512: "cc" },
  { sha512: "cc" },
];
const PATTERNS = [
  "*",
  "*.py",
  "src/*",
  "a",
  "?",
  "[ab]*",
  "*.key",
  "b*",
  "*a*",
  "sub/*",
  "[!s]*",
  "src/b.py",
  "foo*",
  "A",
];
const PREFIXES = ["", "", "src", "src/", "dst", "x"];
const RULE_TYPES = [
  "MATCH",
  "MATCH",
  "CREATE",
  "DELETE",
  "MODIFY",
  "ALLOW",
  "DISALLOW",
  "REQUIRE",
];
const STEPS = ["s1", "s2", "item", "missing"];

function generate(next: Random): RuleCase {
  const pick = next.pick;
  const artifacts = (base?: ArtifactMap): ArtifactMap => {
    const map: ArtifactMap = {};
    for (const name of NAMES) {
      if (next() < 0.65) continue;
      const inherited = base?.[name];
      map[name] = inherited !== undefined && next() < 0.7
        ? { ...inherited }
        : { ...pick(DIGESTS) };
    }
    return map;
  };
  const materials = artifacts();
  const item = { materials, products: artifacts(materials) };
  const links: RuleCase["links"] = { item };
  for (const step of ["s1", "s2"]) {
    links[step] = {
      materials: artifacts(materials),
      products: artifacts(materials),
    };
  }
  const rules: string[][] = [];
  const count = 1 + Math.floor(next() * 4);
  for (let index = 0; index < count; index++) {
    const type = pick(RULE_TYPES);
    if (type === "REQUIRE") rules.push([type, pick(NAMES)]);
    else if (type !== "MATCH") rules.push([type, pick(PATTERNS)]);
    else {
      const source = pick(PREFIXES);
      const destination = pick(PREFIXES);
      rules.push([
        "MATCH",
        pick(PATTERNS),
        ...(source === "" ? [] : ["IN", source]),
        "WITH",
        pick(["MATERIALS", "PRODUCTS"]),
        ...(destination === "" ? [] : ["IN", destination]),
        "FROM",
        pick(STEPS),
      ]);
    }
  }
  if (next() < 0.7) rules.push(["DISALLOW", pick(["*", "*", "*.py", "src/*"])]);
  return { item: "item", kind: pick(["materials", "products"]), rules, links };
}

Deno.test("applyArtifactRules() agrees with the reference's verify_item_rules", async () => {
  const next = random(41087);
  const cases = Array.from({ length: 1500 }, () => generate(next));
  const expected = await referenceOutcomes(cases);
  const differences = cases
    .map((test, index) => ({
      test,
      reference: expected[index],
      ours: ourOutcome(test),
    }))
    .filter((entry) =>
      JSON.stringify(entry.reference) !== JSON.stringify(entry.ours)
    );
  assert.deepEqual(differences.slice(0, 2), []);
  const failures = expected.filter((outcome) => !outcome.pass).length;
  assert.ok(failures > 300 && failures < 1200, `${failures} of 1500 failed`);
});

Deno.test("applyArtifactRules() is stricter than the reference where it must be", async () => {
  const good = { sha256: "aa" };
  const link = (materials: ArtifactMap, products: ArtifactMap = {}) => ({
    materials,
    products,
  });
  const disallowAll = [["DISALLOW", "secret.key"]];
  const match = ["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"];
  const cases: [RuleCase, string][] = [
    // A1: names that are not clean slip past the reference's DISALLOW.
    ...["./secret.key", "x/../secret.key", "/secret.key", "a//secret.key"].map((
      name,
    ): [RuleCase, string] => [{
      item: "item",
      kind: "materials",
      rules: disallowAll,
      links: { item: link({ [name]: good }) },
    }, "INVALID_METADATA"]),
    // A4: the reference matches {} with {}.
    [{
      item: "item",
      kind: "materials",
      rules: [match, ["DISALLOW", "*"]],
      links: {
        item: link({ a: {} }),
        build: link({}, { a: {} }),
      },
    }, "RULE_FAILED"],
    // A8: the reference accepts lower-case keywords.
    [{
      item: "item",
      kind: "materials",
      rules: [["allow", "*"]],
      links: { item: link({ a: good }) },
    }, "INVALID_METADATA"],
  ];
  const expected = await referenceOutcomes(cases.map(([test]) => test));
  assert.deepEqual(
    expected.map((outcome) => outcome.pass),
    cases.map(() => true),
  );
  for (const [test, code] of cases) {
    const verdict = ourOutcome(test).pass;
    assert.equal(
      verdict === false ? "RULE_FAILED" : verdict,
      code,
      JSON.stringify(test),
    );
  }
});

Deno.test("applyArtifactRules() gives the same outcome when a link's names were checked before", () => {
  // The first call checks every name of each map; later calls on the same
  // maps skip that (the fast path); fresh copies take the plain path.
  const next = random(7);
  for (let round = 0; round < 500; round++) {
    const test = generate(next);
    const plain = ourOutcome(structuredClone(test));
    const first = ourOutcome(test);
    const again = ourOutcome(test);
    const other = ourOutcome({
      ...test,
      kind: test.kind === "materials" ? "products" : "materials",
    });
    const otherPlain = ourOutcome(structuredClone({
      ...test,
      kind: test.kind === "materials" ? "products" : "materials",
    }));
    assert.deepEqual([first, again, other], [plain, plain, otherPlain]);
  }
  // A map whose check failed is checked again, whichever list comes first.
  for (const kind of ["products", "materials", "products"] as const) {
    const test: RuleCase = {
      item: "item",
      kind,
      rules: [["ALLOW", "*"]],
      links: {
        item: { materials: { a: { sha256: "aa" } }, products: { "../x": {} } },
      },
    };
    assert.equal(ourOutcome(test).pass, "INVALID_METADATA");
  }
});
