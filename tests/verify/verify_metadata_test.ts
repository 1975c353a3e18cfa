// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: unsafe names, malformed
 * JSON and dates, expiry, oversized and wrongly typed metadata, case by case
 * of the attack catalogue (ids in the test names).
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  parseSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import {
  ALICE,
  demoLinks,
  demoSteps,
  rejects,
  ruleCase,
  verify,
} from "./_chain.ts";

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
