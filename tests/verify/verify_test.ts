// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory, case by case of the attack
 * catalogue (ids in the test names).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type ErrorCode, isIntotoError } from "../../lib/errors.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  parseSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import { keyidsOf } from "../../lib/crypto/keyid.ts";
import { commandInspectionRunner } from "../../lib/verify/inspection.ts";
import { STAGES, VerificationError } from "../../lib/verify/report.ts";
import {
  verifySupplyChain,
  type VerifySupplyChainInput,
} from "../../lib/verify/verify.ts";
import {
  type InspectionSpec,
  layoutJson,
  linkFile,
  linkJson,
  sign,
  type StepSpec,
  testKey,
} from "../_verify_fixtures.ts";
import { tempDir } from "../_helpers.ts";

const OWNER = testKey(9);
const ALICE = testKey(1);
const BOB = testKey(2);
const CARL = testKey(3);

function demoSteps(overrides: Partial<StepSpec>[] = []): StepSpec[] {
  return [
    {
      name: "write-code",
      keys: [ALICE],
      products: [["CREATE", "foo.py"], ["DISALLOW", "*"]],
      ...overrides[0],
    },
    {
      name: "package",
      keys: [BOB],
      command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
      materials: [
        ["MATCH", "foo.py", "WITH", "PRODUCTS", "FROM", "write-code"],
        ["DISALLOW", "*"],
      ],
      products: [["CREATE", "foo.tar.gz"], ["DISALLOW", "*"]],
      ...overrides[1],
    },
  ];
}

async function demoLinks(): Promise<Map<string, SignedFile>> {
  return new Map([
    [
      linkFile("write-code", ALICE),
      await sign(linkJson("write-code", { products: { "foo.py": "py" } }), [
        ALICE,
      ]),
    ],
    [
      linkFile("package", BOB),
      await sign(
        linkJson("package", {
          command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
          materials: { "foo.py": "py" },
          products: { "foo.tar.gz": "tgz" },
        }),
        [BOB],
      ),
    ],
  ]);
}

async function verify(
  layout: JsonObject | SignedFile,
  links: Map<string, SignedFile>,
  options: Partial<VerifySupplyChainInput> = {},
) {
  const signed = "signatures" in layout && "signedBytes" in layout
    ? layout as unknown as SignedFile
    : await sign(layout, [OWNER]);
  return await verifySupplyChain({
    layout: signed,
    layoutKeys: [OWNER.publicKey],
    links,
    ...options,
  });
}

async function rejects(
  promise: Promise<unknown>,
  code: ErrorCode,
  pattern: RegExp,
): Promise<VerificationError | undefined> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, "expected a failure, but it passed");
  assert.ok(isIntotoError(caught), `not an IntotoError: ${caught}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, pattern);
  return caught instanceof VerificationError ? caught : undefined;
}

Deno.test("verifySupplyChain() passes the demo chain and reports every stage", async () => {
  const report = await verify(layoutJson(demoSteps()), await demoLinks());
  assert.equal(report.passed, true);
  assert.deepEqual(report.stages.map((stage) => stage.status), [
    ...report.stages.map(() => "passed"),
  ]);
  assert.deepEqual(report.stages.map((stage) => stage.stage), [...STAGES]);
  assert.deepEqual(report.steps.map((step) => step.keysCounted), [
    [ALICE.publicKey.keyid],
    [BOB.publicKey.keyid],
  ]);
  assert.deepEqual(report.steps[1]!.materials!.rules[0]!.consumed, ["foo.py"]);
  assert.deepEqual(Object.keys(report.summary!.products), ["foo.tar.gz"]);
  assert.deepEqual(Object.keys(report.summary!.materials), []);
  assert.deepEqual(report.warnings, []);
});

Deno.test("verifySupplyChain() fails on a changed product and names step, rule and artifact", async () => {
  const links = await demoLinks();
  links.set(
    linkFile("package", BOB),
    await sign(
      linkJson("package", {
        command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
        materials: { "foo.py": "evil" },
        products: { "foo.tar.gz": "tgz" },
      }),
      [BOB],
    ),
  );
  const error = await rejects(
    verify(layoutJson(demoSteps()), links),
    "RULE_FAILED",
    /Step "package" materials: rule "MATCH foo\.py WITH PRODUCTS FROM write-code" failed: "foo\.py" has sha256 [0-9a-f]+\.\.\. but write-code produced/,
  );
  assert.equal(error?.report.failure?.stage, "step-rules");
  assert.ok(error?.report.steps[1]?.materials?.failure);
});

Deno.test("verifySupplyChain() warns when a command differs from the expected one", async () => {
  const steps = demoSteps([{}, { command: ["tar", "cf", "x"] }]);
  const report = await verify(layoutJson(steps), await demoLinks());
  assert.equal(report.warnings.length, 1);
  assert.match(report.warnings[0]!, /Step "package".*expects/);
});

Deno.test("verifySupplyChain() S1 T2 rejects a layout listing one key under two keyids", async () => {
  const layout = layoutJson(demoSteps());
  const keys = layout.keys as JsonObject;
  keys["f".repeat(64)] = { ...ALICE.publicKey, keyid: "f".repeat(64) };
  await rejects(verify(layout, await demoLinks()), "INVALID_METADATA", /key/);
});

Deno.test("verifySupplyChain() T2 counts one key found under both keyid flavours once", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const link = await sign(linkJson("build"), [ALICE]);
  const modern = keyidsOf(ALICE.publicKey).modern.slice(0, 8);
  assert.notEqual(modern, ALICE.prefix);
  const links = new Map([
    [linkFile("build", ALICE), link],
    [`build.${modern}.link`, link],
  ]);
  const error = await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /threshold 2 not met: found 1 .*same key/,
  );
  assert.equal(error?.report.steps[0]?.links.length, 2);
});

Deno.test("verifySupplyChain() finds a link named with the other keyid flavour", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const modern = keyidsOf(ALICE.publicKey).modern.slice(0, 8);
  const links = new Map([[
    `build.${modern}.link`,
    await sign(linkJson("build"), [ALICE]),
  ]]);
  const report = await verify(layout, links);
  assert.equal(report.steps[0]!.links[0]!.file, `build.${modern}.link`);
});

Deno.test("verifySupplyChain() T1 counts a signature repeated on one envelope once", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const link = await sign(linkJson("build"), [ALICE], "dsse");
  const doubled: SignedFile = {
    ...link,
    signatures: [
      link.signatures[0]!,
      { ...link.signatures[0]!, keyid: BOB.publicKey.keyid },
    ],
  };
  const links = new Map([
    [linkFile("build", ALICE), doubled],
    [linkFile("build", BOB), doubled],
  ]);
  await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /found 1 .*"build\.[0-9a-f]{8}\.link" rejected: no signature on it verifies/,
  );
});

Deno.test("verifySupplyChain() S3 accepts a valid signature with an empty keyid", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const link = await sign(linkJson("build"), [ALICE], "dsse");
  link.signatures = [{ ...link.signatures[0]!, keyid: "" }];
  const report = await verify(
    layout,
    new Map([[linkFile("build", ALICE), link]]),
  );
  assert.equal(report.passed, true);
});

Deno.test("verifySupplyChain() S3 never counts a signature for a key that did not make it", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const byAlice = await sign(linkJson("build"), [ALICE]);
  const relabelled: SignedFile = {
    ...byAlice,
    signatures: [{ ...byAlice.signatures[0]!, keyid: BOB.publicKey.keyid }],
  };
  await rejects(
    verify(
      layout,
      new Map([
        [linkFile("build", ALICE), byAlice],
        [linkFile("build", BOB), relabelled],
      ]),
    ),
    "THRESHOLD_NOT_MET",
    /found 1 /,
  );
});

Deno.test("verifySupplyChain() S6 requires every layout key to verify, and at least one", async () => {
  const layout = await sign(layoutJson(demoSteps()), [OWNER]);
  const links = await demoLinks();
  await rejects(
    verify(layout, links, { layoutKeys: [OWNER.publicKey, CARL.publicKey] }),
    "SIGNATURE_INVALID",
    new RegExp(
      `no signature on it verifies with key "${CARL.publicKey.keyid}"`,
    ),
  );
  await rejects(
    verify(layout, links, { layoutKeys: [] }),
    "SIGNATURE_INVALID",
    /no layout key given/,
  );
  const both = await sign(layoutJson(demoSteps()), [OWNER, CARL]);
  const report = await verify(both, links, {
    layoutKeys: [OWNER.publicKey, CARL.publicKey],
  });
  assert.equal(report.layoutKeys.length, 2);
});

Deno.test("verifySupplyChain() fails for a layout signed by a stranger", async () => {
  const layout = await sign(layoutJson(demoSteps()), [CARL]);
  await rejects(
    verify(layout, await demoLinks()),
    "SIGNATURE_INVALID",
    /no signature on it verifies/,
  );
});

Deno.test("verifySupplyChain() S7 fails for fields added to a link after signing", async () => {
  const links = await demoLinks();
  const original = links.get(linkFile("write-code", ALICE))!;
  for (const extra of [{ Products: { "evil": {} } }, { extra: 1 }]) {
    const tampered = {
      ...original,
      payload: { ...original.payload, ...extra },
    };
    tampered.signedBytes = new TextEncoder().encode(
      JSON.stringify({ ...original.payload, ...extra }),
    );
    links.set(linkFile("write-code", ALICE), tampered);
    await rejects(
      verify(layoutJson(demoSteps()), links),
      "THRESHOLD_NOT_MET",
      /Step "write-code".*no signature on it verifies/,
    );
  }
});

Deno.test("verifySupplyChain() S7 fails for a field added to a signed layout file", async () => {
  const layout = await sign(layoutJson(demoSteps()), [OWNER]);
  const text = new TextDecoder().decode(
    new TextEncoder().encode(
      JSON.stringify({
        signed: { ...layout.payload, extra: 1 },
        signatures: layout.signatures.map((signature) => ({
          keyid: signature.keyid,
          sig: Array.from(signature.sig, (b) => b.toString(16).padStart(2, "0"))
            .join(""),
        })),
      }),
    ),
  );
  const tampered = parseSignedFile(
    new TextEncoder().encode(text),
    "root.layout",
  );
  await rejects(
    verify(tampered, await demoLinks()),
    "SIGNATURE_INVALID",
    /no signature on it verifies/,
  );
});

Deno.test("verifySupplyChain() T3 rejects thresholds that are not integers from 1 to the number of keys", async () => {
  for (const threshold of [0, -1, true, "1", 3]) {
    const layout = layoutJson([{ name: "build", keys: [ALICE, BOB] }]);
    (layout.steps as JsonObject[])[0]!.threshold = threshold;
    await rejects(
      verify(layout, new Map()),
      "INVALID_METADATA",
      /threshold/,
    );
  }
});

Deno.test("verifySupplyChain() T3 P2 rejects a float or huge threshold in the file", () => {
  for (const threshold of ["1.0", "1e0", "9007199254740993"]) {
    const text =
      `{"signed": {"_type": "layout", "threshold": ${threshold}}, "signatures": []}`;
    assert.throws(
      () => parseSignedFile(new TextEncoder().encode(text), "root.layout"),
      (error) => isIntotoError(error, "INVALID_JSON"),
      threshold,
    );
  }
});

Deno.test("verifySupplyChain() T4 requires all valid links to agree even at threshold 1", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE, BOB] }]);
  const links = new Map([
    [
      linkFile("build", ALICE),
      await sign(linkJson("build", { products: { a: "1" } }), [ALICE]),
    ],
    [
      linkFile("build", BOB),
      await sign(linkJson("build", { products: { a: "2" } }), [BOB]),
    ],
  ]);
  const error = await rejects(
    verify(layout, links),
    "ARTIFACT_MISMATCH",
    /Step "build": links .* disagree on products: "a" differs/,
  );
  assert.equal(error?.report.failure?.stage, "consistency");
  const two = layoutJson([{ name: "build", keys: [ALICE, BOB], threshold: 2 }]);
  await rejects(verify(two, links), "ARTIFACT_MISMATCH", /disagree/);
});

Deno.test("verifySupplyChain() T4 passes when the links agree", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const links = new Map([
    [
      linkFile("build", ALICE),
      await sign(linkJson("build", { products: { a: "1" } }), [ALICE]),
    ],
    [
      linkFile("build", BOB),
      await sign(linkJson("build", { products: { a: "1" } }), [BOB]),
    ],
  ]);
  const report = await verify(layout, links);
  assert.equal(report.steps[0]!.keysCounted.length, 2);
});

Deno.test("verifySupplyChain() fails when the threshold is not met and lists what was looked for", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("build"), [ALICE]),
  ]]);
  await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /Step "build": threshold 2 not met: found 1 /,
  );
  await rejects(
    verify(layout, new Map()),
    "THRESHOLD_NOT_MET",
    new RegExp(
      `no link file found; looked for "build\\.${ALICE.prefix}\\.link"`,
    ),
  );
});

Deno.test("verifySupplyChain() T5 does not count a link signed for another step", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("test"), [ALICE]),
  ]]);
  await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /it is signed for step "test", not "build"/,
  );
});

Deno.test("verifySupplyChain() T6 does not count a provenance Statement saved as a link", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const statement = {
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: "a", digest: { sha256: "0".repeat(64) } }],
    predicateType: "https://slsa.dev/provenance/v1",
    predicate: { name: "build" },
  };
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(statement, [ALICE], "dsse"),
  ]]);
  const error = await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /predicate type "https:\/\/slsa\.dev\/provenance\/v1"; only the link predicate/,
  );
  assert.equal(error?.report.steps[0]?.links[0]?.kind, "other");
});

Deno.test("verifySupplyChain() T7 refuses a layout with no steps and no inspections", async () => {
  await rejects(
    verify(layoutJson([]), new Map()),
    "VERIFICATION_FAILED",
    /no steps and no inspections/,
  );
});

Deno.test("verifySupplyChain() A1 A6 rejects artifact names that are not clean paths", async () => {
  for (
    const name of ["./secret.key", "x/../secret.key", "/etc/passwd", "a//b"]
  ) {
    const layout = layoutJson([{
      name: "build",
      keys: [ALICE],
      products: [["DISALLOW", "secret.key"], ["DISALLOW", "etc/passwd"]],
    }]);
    const links = new Map([[
      linkFile("build", ALICE),
      await sign(linkJson("build", { products: { [name]: "x" } }), [ALICE]),
    ]]);
    await assert.rejects(verify(layout, links), (error) => {
      assert.ok(isIntotoError(error), String(error));
      assert.ok(error.message.includes(JSON.stringify(name)), error.message);
      return true;
    });
  }
});

async function ruleCase(
  rules: string[][],
  products: Record<string, string | JsonObject>,
  upstream: Record<string, string | JsonObject> = {},
) {
  const layout = layoutJson([
    { name: "fetch", keys: [BOB] },
    { name: "build", keys: [ALICE], products: rules },
  ]);
  const links = new Map([
    [
      linkFile("fetch", BOB),
      await sign(linkJson("fetch", { products: upstream }), [BOB]),
    ],
    [
      linkFile("build", ALICE),
      await sign(linkJson("build", { products }), [ALICE]),
    ],
  ]);
  return verify(layout, links);
}

Deno.test("verifySupplyChain() A2 glob patterns behave as Python fnmatch", async () => {
  await rejects(
    ruleCase([["DISALLOW", "*.key"]], { "sub/a.key": "k" }),
    "RULE_FAILED",
    /"sub\/a\.key"/,
  );
  await rejects(
    ruleCase([["DISALLOW", "[abc"]], { "[abc": "k" }),
    "RULE_FAILED",
    /\[abc/,
  );
  assert.ok((await ruleCase([["DISALLOW", "FOO"]], { foo: "k" })).passed);
  // Python fnmatch: a backslash is a literal character, never an escape, and
  // clean artifact names hold no backslash, so "a\*b" could select nothing:
  // the layout is refused rather than left with a rule that protects nothing.
  await rejects(
    ruleCase([["DISALLOW", "a\\*b"]], { "a*b": "k", axb: "k" }),
    "INVALID_METADATA",
    /the pattern "a\\\*b" can never match a recorded name: it contains a backslash/,
  );
});

Deno.test("verifySupplyChain() A3 a MATCH with another hash falls through to the implicit ALLOW", async () => {
  const match = ["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"];
  assert.ok((await ruleCase([match], { a: "1" }, { a: "2" })).passed);
  await rejects(
    ruleCase([match, ["DISALLOW", "*"]], { a: "1" }, { a: "2" }),
    "RULE_FAILED",
    /"a"/,
  );
});

Deno.test("verifySupplyChain() A3 MATCH from a step without a link consumes nothing", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE],
    products: [["MATCH", "*", "WITH", "PRODUCTS", "FROM", "nowhere"], [
      "DISALLOW",
      "*",
    ]],
  }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("build", { products: { a: "1" } }), [ALICE]),
  ]]);
  await rejects(verify(layout, links), "RULE_FAILED", /"a"/);
});

Deno.test("verifySupplyChain() A4 empty or partial digests never match", async () => {
  const match = ["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"];
  // Stricter than the reference: an empty digest set is refused when the
  // link is read, so {} can never equal {}.
  await rejects(
    ruleCase([match, ["DISALLOW", "*"]], { a: {} }, { a: {} }),
    "INVALID_METADATA",
    /products\.a: the digest set is empty/,
  );
  const both = { sha256: "a".repeat(64), sha1: "b".repeat(40) };
  await rejects(
    ruleCase([match, ["DISALLOW", "*"]], { a: both }, {
      a: { sha1: "b".repeat(40) },
    }),
    "RULE_FAILED",
    /"a"/,
  );
  assert.ok(
    (await ruleCase([match, ["DISALLOW", "*"]], { a: both }, { a: both }))
      .passed,
  );
});

Deno.test("verifySupplyChain() A5 REQUIRE takes a literal name", async () => {
  await rejects(ruleCase([["REQUIRE", "*"]], { a: "1" }), "RULE_FAILED", /\*/);
  assert.ok((await ruleCase([["REQUIRE", "a"]], { a: "1" })).passed);
});

Deno.test("verifySupplyChain() F1 rejects step and inspection names unsafe as file names", async () => {
  for (const name of ["../outside", "a/b", "a\\b", "", "..", "a\u0000b"]) {
    const layout = layoutJson([{ name, keys: [ALICE] }]);
    await rejects(verify(layout, new Map()), "INVALID_METADATA", /name/);
    const inspected = layoutJson([], {
      inspections: [{ name, run: ["true"] }],
    });
    await rejects(verify(inspected, new Map()), "INVALID_METADATA", /name/);
  }
});

Deno.test("verifySupplyChain() P4 rejects duplicate keys and keeps __proto__ as data", async () => {
  const text =
    '{"signed": {"_type": "link", "products": {}, "products": {}}, "signatures": []}';
  assert.throws(
    () => parseSignedFile(new TextEncoder().encode(text), "x.link"),
    (error) => isIntotoError(error, "INVALID_JSON"),
  );
  const report = await ruleCase([["CREATE", "__proto__"], ["DISALLOW", "*"]], {
    ["__proto__"]: "p",
  });
  assert.deepEqual(report.steps[1]!.products!.rules[0]!.consumed, [
    "__proto__",
  ]);
});

Deno.test("verifySupplyChain() P3 rejects lone surrogates", () => {
  const text =
    '{"signed": {"_type": "link", "name": "\\ud800"}, "signatures": []}';
  assert.throws(
    () => parseSignedFile(new TextEncoder().encode(text), "x.link"),
    (error) => isIntotoError(error, "INVALID_JSON"),
  );
});

Deno.test("verifySupplyChain() P2 rejects a float return-value in a link", () => {
  const text =
    '{"signed": {"_type": "link", "byproducts": {"return-value": 0.0}}, "signatures": []}';
  assert.throws(
    () => parseSignedFile(new TextEncoder().encode(text), "x.link"),
    (error) => isIntotoError(error, "INVALID_JSON"),
  );
});

Deno.test("verifySupplyChain() P5 rejects malformed and impossible dates", async () => {
  for (
    const expires of [
      "2030-01-01T00:00:00+00:00",
      "2030-02-30T00:00:00Z",
      "2030-01-01T00:00:00.5Z",
      "2030-01-01T00:00:00z",
      "garbage",
    ]
  ) {
    await rejects(
      verify(layoutJson(demoSteps(), { expires }), await demoLinks()),
      "INVALID_METADATA",
      /expires/,
    );
  }
});

Deno.test("verifySupplyChain() P5 a layout is expired only when now is past expires", async () => {
  const expires = "2030-01-01T00:00:00Z";
  const layout = layoutJson(demoSteps(), { expires });
  const links = await demoLinks();
  const at = new Date("2030-01-01T00:00:00Z");
  assert.ok((await verify(layout, links, { now: at })).passed);
  const error = await rejects(
    verify(layout, links, { now: new Date(at.getTime() + 1000) }),
    "LAYOUT_EXPIRED",
    /expired on 2030-01-01T00:00:00Z/,
  );
  assert.equal(error?.report.failure?.stage, "layout-expiry");
});

Deno.test("verifySupplyChain() R2 refuses too many signatures or artifacts", async () => {
  const link = await sign(linkJson("build", { products: { a: "1", b: "2" } }), [
    ALICE,
  ]);
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  await rejects(
    verify(layout, new Map([[linkFile("build", ALICE), link]]), {
      limits: { maxArtifacts: 1 },
    }),
    "LIMIT_EXCEEDED",
    /lists 2 artifacts, more than the limit of 1/,
  );
  const many: SignedFile = {
    ...link,
    signatures: Array.from({ length: 300 }, () => link.signatures[0]!),
  };
  const started = performance.now();
  await rejects(
    verify(layout, new Map([[linkFile("build", ALICE), many]])),
    "LIMIT_EXCEEDED",
    /300 signatures, more than the limit of 256/,
  );
  assert.ok(performance.now() - started < 1000);
});

Deno.test("verifySupplyChain() R4 wrong JSON types give clean errors", async () => {
  const badLinks: JsonObject[] = [
    linkJson("build", { override: { materials: [] } }),
    linkJson("build", { override: { products: { a: "x" } } }),
    linkJson("build", { override: { command: "make" } }),
    linkJson("build", { override: { byproducts: [] } }),
  ];
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  for (const payload of badLinks) {
    const links = new Map([[
      linkFile("build", ALICE),
      await sign(payload, [ALICE]),
    ]]);
    await rejects(verify(layout, links), "INVALID_METADATA", /build/);
  }
  for (
    const override of [{ steps: {} }, { keys: [] }, { inspect: "x" }, {
      steps: [{ _type: "step", name: "x", threshold: "1" }],
    }]
  ) {
    await rejects(
      verify(layoutJson([], { override }), new Map()),
      "INVALID_METADATA",
      /./,
    );
  }
});

async function sublayoutChain(options: {
  steps?: StepSpec[];
  inspections?: InspectionSpec[];
  depth?: number;
} = {}) {
  // "build" is delegated by ALICE to a sublayout whose step "compile" CARL does.
  const inner = options.steps ?? [{
    name: "compile",
    keys: [CARL],
    products: [["CREATE", "a.out"]],
  }];
  const sublayout = await sign(
    layoutJson(inner, { inspections: options.inspections ?? [] }),
    [ALICE],
  );
  const links = new Map<string, SignedFile>([
    [linkFile("build", ALICE), sublayout],
    [
      `build.${ALICE.prefix}/${linkFile("compile", CARL)}`,
      await sign(
        linkJson("compile", {
          materials: { "a.c": "c" },
          products: { "a.out": "o" },
        }),
        [CARL],
      ),
    ],
  ]);
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE],
    materials: [["ALLOW", "a.c"], ["DISALLOW", "*"]],
    products: [["CREATE", "a.out"], ["DISALLOW", "*"]],
  }]);
  return { layout, links };
}

Deno.test("verifySupplyChain() verifies a sublayout and uses its summary link", async () => {
  const { layout, links } = await sublayoutChain();
  const report = await verify(layout, links);
  const step = report.steps[0]!;
  assert.equal(step.links[0]!.kind, "sublayout");
  assert.equal(step.sublayouts?.[0]?.passed, true);
  assert.deepEqual(step.products!.rules[0]!.consumed, ["a.out"]);
});

Deno.test("verifySupplyChain() fails when a sublayout's own step fails", async () => {
  const { layout, links } = await sublayoutChain({
    steps: [{ name: "compile", keys: [CARL], products: [["DISALLOW", "*"]] }],
  });
  await rejects(
    verify(layout, links),
    "RULE_FAILED",
    /Step "build" is delegated to sublayout "build\.[0-9a-f]{8}\.link", which failed: Step "compile" products/,
  );
});

Deno.test("verifySupplyChain() F5 fails cleanly on a sublayout with zero steps", async () => {
  const sublayout = await sign(
    layoutJson([], { inspections: [{ name: "x", run: ["true"] }] }),
    [ALICE],
  );
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  await rejects(
    verify(layout, new Map([[linkFile("build", ALICE), sublayout]]), {
      allowSublayoutInspections: true,
    }),
    "VERIFICATION_FAILED",
    /has no steps/,
  );
});

Deno.test("verifySupplyChain() F5 caps the sublayout depth", async () => {
  // Each level delegates "build" to ALICE again, one directory deeper.
  const sublayout = await sign(layoutJson([{ name: "build", keys: [ALICE] }]), [
    ALICE,
  ]);
  const links = new Map<string, SignedFile>();
  let directory = "";
  for (let level = 0; level < 12; level++) {
    links.set(`${directory}${linkFile("build", ALICE)}`, sublayout);
    directory += `build.${ALICE.prefix}/`;
  }
  const started = performance.now();
  await rejects(
    verify(layoutJson([{ name: "build", keys: [ALICE] }]), links, {
      limits: { maxDepth: 8 },
    }),
    "LIMIT_EXCEEDED",
    /nested more than 8 levels deep/,
  );
  assert.ok(performance.now() - started < 2000);
});

Deno.test("verifySupplyChain() X1 does not run a sublayout's inspections unless allowed", async () => {
  const directory = await tempDir();
  const flag = join(directory, "ran");
  const { layout, links } = await sublayoutChain({
    inspections: [{ name: "touch", run: ["touch", flag] }],
  });
  const runInspection = commandInspectionRunner({ cwd: directory });
  await rejects(
    verify(layout, links, { runInspection }),
    "VERIFICATION_FAILED",
    /inspection "touch".*unless sublayout inspections are allowed/,
  );
  await assert.rejects(Deno.stat(flag));
  const report = await verify(layout, links, {
    runInspection,
    allowSublayoutInspections: true,
  });
  assert.ok(report.passed);
  await Deno.stat(flag);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() X2 runs inspections without a shell", async () => {
  const directory = await tempDir();
  const layout = layoutJson([], {
    inspections: [{
      name: "echo",
      run: ["echo", "$(touch pwned)", ";", "touch", "pwned2"],
    }],
  });
  const report = await verify(layout, new Map(), {
    runInspection: commandInspectionRunner({ cwd: directory }),
  });
  assert.equal(report.inspections[0]!.returnValue, 0);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(directory)), []);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() X3 runs no inspection when a step rule failed", async () => {
  const directory = await tempDir();
  const flag = join(directory, "flag");
  const steps = demoSteps([{ products: [["DISALLOW", "*"]] }]);
  const layout = layoutJson(steps, {
    inspections: [{ name: "flag", run: ["touch", flag] }],
  });
  await rejects(
    verify(layout, await demoLinks(), {
      runInspection: commandInspectionRunner({ cwd: directory }),
    }),
    "RULE_FAILED",
    /Step "write-code" products/,
  );
  await assert.rejects(Deno.stat(flag));
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() X4 substitutes parameters per token and fails on a missing one", async () => {
  const steps = demoSteps([{
    products: [["CREATE", "{file}"], ["DISALLOW", "{everything}"]],
  }]);
  const layout = layoutJson(steps);
  const links = await demoLinks();
  const report = await verify(layout, links, {
    parameters: { file: "foo.py", everything: "*" },
  });
  assert.deepEqual(report.steps[0]!.products!.rules[0]!.consumed, ["foo.py"]);
  await rejects(
    verify(layout, links, {
      parameters: { file: "x WITH PRODUCTS FROM y", everything: "*" },
    }),
    "RULE_FAILED",
    /DISALLOW \*.*"foo\.py"/,
  );
  const error = await rejects(
    verify(layout, links, { parameters: { file: "foo.py" } }),
    "USAGE",
    /no value for "\{everything\}": give parameter "everything" a value/,
  );
  assert.equal(error?.report.failure?.stage, "parameters");
});

Deno.test("verifySupplyChain() X5 fails when an inspection exits non-zero, not for step byproducts", async () => {
  const directory = await tempDir();
  const runInspection = commandInspectionRunner({ cwd: directory });
  const failing = layoutJson([], {
    inspections: [{ name: "check", run: ["false"] }],
  });
  const error = await rejects(
    verify(failing, new Map(), { runInspection }),
    "INSPECTION_FAILED",
    /Inspection "check" failed: "false" exited with 1/,
  );
  assert.equal(error?.report.inspections[0]?.returnValue, 1);
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("build", { returnValue: 3 }), [ALICE]),
  ]]);
  assert.ok((await verify(layout, links)).passed);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() inspections are killed after the time limit", async () => {
  const directory = await tempDir();
  const layout = layoutJson([], {
    inspections: [{ name: "slow", run: ["sleep", "5"] }],
  });
  await rejects(
    verify(layout, new Map(), {
      runInspection: commandInspectionRunner({ cwd: directory, timeout: 0.3 }),
    }),
    "INSPECTION_FAILED",
    /Inspection "slow" failed: .*timed out.*give it a longer timeout/,
  );
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() inspection rules see step and inspection links", async () => {
  const directory = await tempDir();
  await Deno.writeTextFile(join(directory, "foo.py"), "print(1)\n");
  const layout = layoutJson([{ name: "write-code", keys: [ALICE] }], {
    inspections: [{
      name: "copy",
      run: ["cp", "foo.py", "bar.py"],
      materials: [["ALLOW", "foo.py"], ["DISALLOW", "*"]],
      products: [["CREATE", "bar.py"], [
        "MATCH",
        "foo.py",
        "WITH",
        "MATERIALS",
        "FROM",
        "copy",
      ], [
        "DISALLOW",
        "*",
      ]],
    }],
  });
  const links = new Map([[
    linkFile("write-code", ALICE),
    await sign(linkJson("write-code"), [ALICE]),
  ]]);
  const report = await verify(layout, links, {
    runInspection: commandInspectionRunner({ cwd: directory }),
  });
  assert.deepEqual(report.inspections[0]!.products!.rules[0]!.consumed, [
    "bar.py",
  ]);
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(directory))).map((entry) => entry.name)
      .sort(),
    ["bar.py", "foo.py"],
  );
  await Deno.remove(directory, { recursive: true });
});
