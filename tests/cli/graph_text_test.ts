// Copyright 2026 the intoto authors. Apache-2.0 license.
/** Mermaid and DOT text of a graph, names quoted so they cannot break out. */
import assert from "node:assert/strict";
import { graphText } from "../../lib/cli/graph_text.ts";
import type { ChainGraph } from "../../lib/verify/chain_graph.ts";

const NAME = 'a"b\\c#d<e>';

const GRAPH: ChainGraph = {
  passed: false,
  nodes: [{
    id: `step:${NAME}`,
    status: "failed",
    item: {
      kind: "step",
      name: NAME,
      command: [],
      materials: [],
      products: [],
      pubkeys: ["k"],
      threshold: 1,
    },
  }, {
    id: "inspection:check",
    status: "unchecked",
    item: {
      kind: "inspection",
      name: "check",
      command: ["true"],
      materials: [],
      products: [],
    },
  }],
  edges: [{
    from: `step:${NAME}`,
    to: "inspection:check",
    rule: `MATCH "x" WITH PRODUCTS FROM ${NAME}`,
    status: "mismatch",
  }],
};

Deno.test("graphText mermaid: entity-escaped labels, classes by result", () => {
  assert.equal(
    graphText(GRAPH, "mermaid"),
    [
      "flowchart LR",
      '  n0["a#34;b\\c#35;d#60;e#62;<br/>step: threshold 1 of 1 key(s)<br/>by k<br/>failed"]',
      '  n1(["check<br/>inspection<br/>runs true<br/>unchecked"])',
      '  n0 -.->|"MATCH #34;x#34; WITH PRODUCTS FROM a#34;b\\c#35;d#60;e#62;"| n1',
      "  classDef failed fill:#fde2e1,stroke:#c62828",
      "  class n0 failed",
      "  classDef unchecked fill:#f1f3f4,stroke:#80868b",
      "  class n1 unchecked",
      "",
    ].join("\n"),
  );
});

Deno.test("graphText dot: quotes and backslashes escaped", () => {
  const text = graphText(GRAPH, "dot");
  assert.ok(
    text.includes(
      '  "step:a\\"b\\\\c#d<e>" [label="a\\"b\\\\c#d<e>\\nstep: threshold 1 of 1 key(s)\\nby k\\nfailed", fillcolor="#fde2e1", color="#c62828"];',
    ),
    text,
  );
  assert.ok(
    text.includes('shape=ellipse, fillcolor="#f1f3f4"'),
    text,
  );
  assert.ok(text.includes('style=dashed, color="#c62828"'), text);
});

/** GRAPH whose step delegates to a sublayout where step "compile" failed. */
const NESTED: ChainGraph = {
  ...GRAPH,
  nodes: [{
    ...GRAPH.nodes[0]!,
    sublayouts: [{
      passed: false,
      nodes: [{
        id: "step:compile",
        status: "failed",
        item: { ...GRAPH.nodes[0]!.item, name: "compile" },
      }],
      edges: [],
    }],
  }, GRAPH.nodes[1]!],
};

Deno.test("graphText mermaid: a sublayout is a subgraph beside its step", () => {
  const lines = graphText(NESTED, "mermaid").split("\n");
  const start = lines.indexOf(
    '  subgraph n0s0 ["sublayout 1 of a#34;b\\c#35;d#60;e#62;: failed"]',
  );
  assert.ok(start > 0, lines.join("\n"));
  assert.match(lines[start + 1]!, /^ {4}n0s0n0\["compile<br\/>/);
  assert.deepEqual(lines.slice(start + 2, start + 4), [
    "  end",
    "  n0 -.- n0s0",
  ]);
  assert.ok(lines.includes("  class n0,n0s0n0 failed"));
});

Deno.test("graphText dot: a sublayout is a cluster its step points to", () => {
  const text = graphText(NESTED, "dot");
  assert.ok(text.includes("  compound=true;\n"));
  const cluster = '"cluster step:a\\"b\\\\c#d<e>/sublayout 1/"';
  assert.ok(text.includes(`  subgraph ${cluster} {\n`), text);
  assert.ok(
    text.includes(
      '    "step:a\\"b\\\\c#d<e>/sublayout 1/step:compile" [label="compile\\n',
    ),
    text,
  );
  assert.ok(
    text.includes(
      `  "step:a\\"b\\\\c#d<e>" -> "step:a\\"b\\\\c#d<e>/sublayout 1/step:compile" [lhead=${cluster}, style=dotted, arrowhead=none];`,
    ),
    text,
  );
  // Without sublayouts, no compound graph.
  assert.ok(!graphText(GRAPH, "dot").includes("compound"));
});
