// Copyright 2026 the intoto authors. Apache-2.0 license.
/** The graph and artifact table drawn from a verification report. */
import assert from "node:assert/strict";
import { artifactRows, chainGraph } from "../../lib/verify/chain_graph.ts";
import type { ChainItem, VerificationReport } from "../../lib/verify/report.ts";

const SHA = (hex: string) => ({ sha256: hex.repeat(64) });

const CHAIN: ChainItem[] = [
  {
    kind: "step",
    name: "build",
    command: ["make"],
    materials: [],
    products: [["CREATE", "app"], ["DISALLOW", "*"]],
    pubkeys: ["k1"],
    threshold: 1,
  },
  {
    kind: "step",
    name: "package",
    command: [],
    materials: [
      ["MATCH", "app", "WITH", "PRODUCTS", "FROM", "build"],
      ["MATCH", "x", "WITH", "PRODUCTS", "FROM", "nowhere"],
      ["DISALLOW", "*"],
    ],
    products: [["CREATE", "app.tgz"]],
    pubkeys: ["k2"],
    threshold: 1,
  },
  {
    kind: "inspection",
    name: "check",
    command: ["true"],
    materials: [["MATCH", "app.tgz", "WITH", "PRODUCTS", "FROM", "package"]],
    products: [],
  },
];

/** build passed; package failed on its materials: app did not match. */
function failedReport(): VerificationReport {
  return {
    passed: false,
    layoutKeys: ["owner"],
    stages: [],
    chain: CHAIN,
    steps: [{
      name: "build",
      threshold: 1,
      expected: [],
      links: [],
      keysCounted: ["k1"],
      artifacts: { materials: {}, products: { app: SHA("a") } },
      materials: {
        item: "build",
        kind: "materials",
        rules: [],
        unconsumed: [],
      },
      products: {
        item: "build",
        kind: "products",
        rules: [{ rule: "CREATE app", consumed: ["app"] }, {
          rule: "DISALLOW *",
          consumed: [],
        }],
        unconsumed: [],
      },
    }, {
      name: "package",
      threshold: 1,
      expected: [],
      links: [],
      keysCounted: ["k2"],
      artifacts: {
        materials: { app: SHA("b") },
        products: { "app.tgz": SHA("c") },
      },
      materials: {
        item: "package",
        kind: "materials",
        rules: [
          {
            rule: "MATCH app WITH PRODUCTS FROM build",
            consumed: [],
            unmatched: [{ artifact: "app", reason: "different digest" }],
          },
          { rule: "MATCH x WITH PRODUCTS FROM nowhere", consumed: [] },
          { rule: "DISALLOW *", consumed: [] },
        ],
        unconsumed: ["app"],
        failure: { rule: "DISALLOW *", artifacts: ["app"], message: "no" },
      },
    }],
    inspections: [],
    warnings: [],
    failure: {
      code: "RULE_FAILED",
      message: "no",
      stage: "step-rules",
      item: { kind: "step", name: "package" },
    },
  };
}

Deno.test("chainGraph: the failing item is failed, checked ones passed, the rest unchecked", () => {
  const graph = chainGraph(failedReport());
  assert.deepEqual(
    graph.nodes.map((node) => [node.id, node.status]),
    [
      ["step:build", "passed"],
      ["step:package", "failed"],
      ["inspection:check", "unchecked"],
    ],
  );
  assert.equal(graph.nodes[1]!.failure, "no");
  assert.deepEqual(graph.nodes[0]!.keysCounted, ["k1"]);
});

Deno.test("chainGraph: MATCH rules are edges from the step they name", () => {
  assert.deepEqual(chainGraph(failedReport()).edges, [
    {
      from: "step:build",
      to: "step:package",
      rule: "MATCH app WITH PRODUCTS FROM build",
      status: "mismatch",
    },
    {
      from: "step:package",
      to: "inspection:check",
      rule: "MATCH app.tgz WITH PRODUCTS FROM package",
      status: "unchecked",
    },
  ]);
});

Deno.test("chainGraph: a failure that is no item's marks no node failed", () => {
  const report = failedReport();
  delete report.failure!.item;
  assert.equal(
    chainGraph(report).nodes.some((node) => node.status === "failed"),
    false,
  );
});

Deno.test("chainGraph: without the layout's items there is no node", () => {
  const report = failedReport();
  delete report.chain;
  assert.deepEqual(chainGraph(report), {
    passed: false,
    nodes: [],
    edges: [],
  });
});

Deno.test("artifactRows: each artifact once, its producer, users and failing rule", () => {
  assert.deepEqual(artifactRows(failedReport()), [
    {
      name: "app",
      digests: SHA("a"),
      producedBy: "build",
      usedBy: ["package"],
      failedBy: { item: "package", rule: "DISALLOW *" },
    },
    { name: "app.tgz", digests: SHA("c"), producedBy: "package", usedBy: [] },
  ]);
});
