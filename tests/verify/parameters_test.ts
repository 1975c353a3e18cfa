// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import type { Layout } from "../../lib/model/layout.ts";
import {
  checkParameters,
  formatToken,
  parseParameters,
  substituteParameters,
} from "../../lib/verify/parameters.ts";
import { python } from "../_helpers.ts";

Deno.test("parseParameters() splits at the first equals sign", () => {
  assert.deepEqual(parseParameters(["a=1", "B_c-d=x=y", "e="]), {
    a: "1",
    "B_c-d": "x=y",
    e: "",
  });
});

Deno.test("parseParameters() rejects bad names, missing values and repeats", () => {
  for (
    const args of [["noequals"], ["a b=1"], ["=1"], ["a.b=1"], ["a=1", "a=2"]]
  ) {
    assert.throws(
      () => parseParameters(args),
      (error) => isIntotoError(error, "USAGE"),
      args.join(" "),
    );
  }
});

Deno.test("checkParameters() requires string values", () => {
  assert.throws(
    () => checkParameters({ a: 1 }),
    (error) =>
      isIntotoError(error, "USAGE") && /must be a string/.test(error.message),
  );
  assert.deepEqual({ ...checkParameters({ a: "1" }) }, { a: "1" });
});

Deno.test("formatToken() fails on a missing parameter and names it", () => {
  assert.throws(
    () =>
      formatToken(
        "{version}.tar",
        {},
        'step "build" rule "CREATE {version}.tar"',
      ),
    (error) =>
      isIntotoError(error, "USAGE") &&
      error.message.includes('give parameter "version" a value') &&
      error.remedy?.option === "parameter" &&
      error.remedy.value === "version" &&
      error.message.includes('step "build"'),
  );
});

Deno.test("formatToken() agrees with Python str.format on generated tokens", async () => {
  const alphabet = ["{", "}", "a", "v", "-", "_", "0", " ", "x", "{{", "}}"];
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  const tokens = new Set<string>([
    "{a}",
    "{{a}}",
    "{a-b}",
    "{ a}",
    "{}",
    "{0}",
  ]);
  while (tokens.size < 2000) {
    let token = "";
    const length = 1 + random(8);
    for (let i = 0; i < length; i++) token += alphabet[random(alphabet.length)];
    tokens.add(token);
  }
  const parameters = { a: "A", v: "1.0", "a-b": "AB", x: "{a}" };
  const list = [...tokens];
  const result = await python(
    `
import json, sys
params = ${JSON.stringify(parameters)}
out = []
for token in json.load(sys.stdin):
    try:
        out.append(token.format(**params))
    except Exception:
        out.append(None)
print(json.dumps(out))
`,
    { stdin: JSON.stringify(list) },
  );
  assert.equal(result.code, 0, result.stderr);
  const expected: (string | null)[] = JSON.parse(result.stdout);
  const substituted = expected.filter((text) => text !== null).length;
  assert.ok(
    substituted > 200 && substituted < list.length - 200,
    `${substituted}`,
  );
  for (const [index, token] of list.entries()) {
    let ours: string | null;
    try {
      ours = formatToken(token, parameters, "test");
    } catch {
      ours = null;
    }
    const theirs = expected[index] ?? null;
    assert.equal(ours, theirs, `token ${JSON.stringify(token)}`);
  }
});

Deno.test("formatToken() refuses conversions, specs and lookups Python would run", () => {
  for (const token of ["{a!r}", "{a:>4}", "{a.upper}", "{a[0]}"]) {
    assert.throws(
      () => formatToken(token, { a: "x" }, "test"),
      (error) => isIntotoError(error, "INVALID_METADATA"),
      token,
    );
  }
});

function layoutWith(rule: string[], run: string[]): Layout {
  return {
    _type: "layout",
    expires: "2030-01-01T00:00:00Z",
    readme: "",
    keys: {},
    steps: [{
      _type: "step",
      name: "build",
      threshold: 1,
      pubkeys: [],
      expected_command: ["make", "{target}"],
      expected_materials: [rule],
      expected_products: [],
    }],
    inspect: [{
      _type: "inspection",
      name: "check",
      run,
      expected_materials: [],
      expected_products: [rule],
    }],
  };
}

Deno.test("substituteParameters() X4 a value cannot change a rule's shape", () => {
  const layout = layoutWith(["DISALLOW", "{name}"], ["test", "{name}"]);
  const evil = "x WITH PRODUCTS FROM y";
  const result = substituteParameters(layout, { name: evil, target: "all" });
  assert.deepEqual(result.steps[0]!.expected_materials, [["DISALLOW", evil]]);
  assert.deepEqual(result.steps[0]!.expected_command, ["make", "all"]);
  assert.deepEqual(result.inspect[0]!.run, ["test", evil]);
  assert.deepEqual(result.inspect[0]!.expected_products, [["DISALLOW", evil]]);
  // The input is not changed.
  assert.deepEqual(layout.steps[0]!.expected_materials, [[
    "DISALLOW",
    "{name}",
  ]]);
});

Deno.test("substituteParameters() X4 a missing parameter fails", () => {
  const layout = layoutWith(["DISALLOW", "{name}"], ["true"]);
  assert.throws(
    () => substituteParameters(layout, { target: "all" }),
    (error) =>
      isIntotoError(error, "USAGE") &&
      error.message.includes('step "build" materials rule "DISALLOW {name}"'),
  );
});
