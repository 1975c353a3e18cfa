// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto verify --report FILE.html` and `--graph`, on the demo chain,
 * honest and tampered: the page renders in real headless Chromium with no
 * console message and no request but itself, the failing step's node is
 * red, and the page weighs under 500 kB. Artifact names cannot add markup.
 * Graphviz reads the DOT graph.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { performChain, setQuiet, signedLayout } from "../../demo/demo.ts";
import { execute, intoto, tempDir } from "../_helpers.ts";
import { writeDelegatedChain } from "../_verify_fixtures.ts";
import { browse } from "./_chromium.ts";
import { ALICE, CARL, OWNER, VERIFY_ARGS } from "./_security_helpers.ts";

setQuiet(true);

const work = await tempDir();
await signedLayout(work);
const honest = await performChain(work, { tamper: false });
const tampered = await performChain(work, { tamper: true });

/**
 * A fresh copy of a chain's folder: the untar inspection unpacks into the
 * folder it verifies, which a second verification would then see.
 */
async function copyOf(chain: string): Promise<string> {
  const copy = join(await tempDir(), "chain");
  const result = await execute(["cp", "-a", chain, copy]);
  assert.equal(result.code, 0, result.stderr);
  return copy;
}

const VERIFY = ["verify", "-l", "root.layout", "-k", "alice.pub"];
const RED = "rgb(253, 226, 225)";
const GREEN = "rgb(230, 244, 234)";

/** Each node's id, class and rectangle fill, as the browser computed them. */
const NODES = `[...document.querySelectorAll("g.node")].map((node) => [
  node.dataset.item, node.getAttribute("class"),
  getComputedStyle(node.querySelector("rect")).fill])`;

Deno.test("verify --report writes a page of the passing demo chain that renders cleanly", async () => {
  const chain = await copyOf(honest);
  // Outside the folder, where the untar inspection would see it.
  const result = await intoto([...VERIFY, "--report", "../passed.html"], {
    cwd: chain,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Wrote the report "..\/passed.html"/);
  const page = join(chain, "..", "passed.html");
  assert.ok((await Deno.stat(page)).size < 500_000);
  const seen = await browse(page, {
    evaluate: [
      NODES,
      `document.querySelector("#result").textContent`,
      `document.querySelectorAll("g.edge").length`,
      `document.querySelectorAll("#artifacts tr").length - 1`,
    ],
  });
  assert.deepEqual(seen.messages, []);
  assert.deepEqual(seen.requests, [`file://${await Deno.realPath(page)}`]);
  const [nodes, banner, edges, artifacts] = seen.values as [
    string[][],
    string,
    number,
    number,
  ];
  assert.deepEqual(nodes, [
    ["step:clone", "node passed", GREEN],
    ["step:update-version", "node passed", GREEN],
    ["step:package", "node passed", GREEN],
    ["inspection:untar", "node passed", GREEN],
  ]);
  assert.match(banner, /^PASSED/);
  assert.equal(edges, 4);
  assert.ok(artifacts >= 3, `only ${artifacts} artifact rows`);
});

Deno.test("verify --report of the tampered chain exits 1 and paints the failing step red", async () => {
  const chain = await copyOf(tampered);
  const result = await intoto([...VERIFY, "--report", "../failed.html"], {
    cwd: chain,
  });
  assert.equal(result.code, 1, result.stderr);
  const page = join(chain, "..", "failed.html");
  const seen = await browse(page, {
    evaluate: [
      NODES,
      `document.querySelector("#failure").textContent`,
      `[...document.querySelectorAll("#artifacts tr.failed td:first-child")]
        .map((cell) => cell.textContent)`,
    ],
  });
  assert.deepEqual(seen.messages, []);
  assert.equal(seen.requests.length, 1);
  const [nodes, failure, failedArtifacts] = seen.values as [
    string[][],
    string,
    string[],
  ];
  assert.deepEqual(nodes, [
    ["step:clone", "node passed", GREEN],
    ["step:update-version", "node passed", GREEN],
    ["step:package", "node failed", RED],
    ["inspection:untar", "node unchecked", "rgb(241, 243, 244)"],
  ]);
  assert.match(failure, /step-rules, step "package"/);
  assert.deepEqual(failedArtifacts, ["demo-project/foo.py"]);
});

Deno.test("verify --report draws a sublayout inside its step, coloured by its own result", async () => {
  const dir = await tempDir();
  // compile's link creates a.out, which its sublayout disallows.
  await writeDelegatedChain(dir, {
    owner: OWNER,
    alice: ALICE,
    carl: CARL,
    compileProducts: [["DISALLOW", "*"]],
  });
  const result = await intoto(
    ["verify", ...VERIFY_ARGS, "--report", "report.html"],
    { cwd: dir },
  );
  assert.equal(result.code, 1, result.stderr);
  const seen = await browse(join(dir, "report.html"), {
    evaluate: [
      NODES,
      `document.querySelectorAll("svg").length`,
      `document.getElementById("step:build")
        .querySelector(".sublayout h4").textContent`,
      `document.getElementById("sublayout-1-step:compile") !== null`,
    ],
  });
  assert.deepEqual(seen.messages, []);
  assert.equal(seen.requests.length, 1);
  const [nodes, drawings, heading, nested] = seen.values;
  assert.deepEqual(nodes, [
    ["step:build", "node failed", RED],
    ["step:compile", "node failed", RED],
  ]);
  assert.equal(drawings, 2);
  assert.equal(heading, "Sublayout 1 of build: failed");
  assert.equal(nested, true);
  // The text graphs nest it too, and Graphviz reads the DOT.
  const graph = (format: string) =>
    intoto(["verify", ...VERIFY_ARGS, "--graph", format], { cwd: dir });
  const mermaid = await graph("mermaid");
  assert.equal(mermaid.code, 1, mermaid.stderr);
  assert.match(
    mermaid.stdout,
    /\n {2}subgraph n0s0 \["sublayout 1 of build: failed"\]\n {4}n0s0n0\["compile<br\/>/,
  );
  const dot = await graph("dot");
  assert.equal(dot.code, 1, dot.stderr);
  const graphviz = await execute(["dot", "-Tsvg"], { stdin: dot.stdout });
  assert.equal(graphviz.code, 0, graphviz.stderr);
  assert.match(
    graphviz.stdout,
    /<title>cluster step:build\/sublayout 1\/<\/title>/,
  );
});

Deno.test("verify --graph prints the chain as Mermaid and DOT", async () => {
  const mermaid = await intoto([...VERIFY, "--graph", "mermaid"], {
    cwd: await copyOf(tampered),
  });
  assert.equal(mermaid.code, 1);
  const lines = mermaid.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "flowchart LR");
  assert.ok(
    lines.includes(
      '  n1 -->|"MATCH demo-project/* WITH PRODUCTS FROM update-version"| n2',
    ) ||
      lines.includes(
        '  n1 -.->|"MATCH demo-project/* WITH PRODUCTS FROM update-version"| n2',
      ),
    mermaid.stdout,
  );
  assert.ok(lines.includes("  class n2 failed"), mermaid.stdout);
  const dot = await intoto([...VERIFY, "--graph", "dot"], {
    cwd: await copyOf(honest),
  });
  assert.equal(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /^digraph supply_chain \{/);
  assert.match(
    dot.stdout,
    /"step:clone" -> "step:update-version" \[label="MATCH demo-project\/\* WITH PRODUCTS FROM clone"\];/,
  );
  // Graphviz (Debian graphviz, which .ci/run installs) reads it.
  const graphviz = await execute(["dot", "-Tsvg"], { stdin: dot.stdout });
  assert.equal(graphviz.code, 0, graphviz.stderr);
  assert.match(graphviz.stdout, /<svg/);
});

Deno.test("verify --report and --graph refuse bad values with one error line", async () => {
  for (
    const [args, message] of [
      [["--report", "report.pdf"], /"report\.pdf" for option "--report"/],
      [["--graph", "svg"], /"svg" for option "--graph"/],
      // Refused before verifying, so that the result is not lost.
      [
        ["--report", "no-such-folder/report.html"],
        /no-such-folder.*give --report a file in an existing folder/,
      ],
    ] as const
  ) {
    const result = await intoto([...VERIFY, ...args], { cwd: work });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trimEnd().split("\n").length, 1);
  }
});

Deno.test("an artifact named like markup is shown as text, not run", async () => {
  const dir = await tempDir();
  const name = `<img src=x onerror="console.error(1)">.txt`;
  await Deno.writeTextFile(join(dir, name), "payload");
  for (
    const args of [
      ["keygen", "-t", "ed25519", "owner"],
      ["keygen", "-t", "ed25519", "dev"],
      ["layout", "init", "layout.template", "--expires", "1y"],
      ["layout", "add-key", "layout.template", "dev.pub"],
      [
        "layout",
        "add-step",
        "layout.template",
        "--name",
        "make",
        "--key",
        "dev.pub",
        "--product",
        "DISALLOW *",
      ],
      ["sign", "-f", "layout.template", "-k", "owner", "-o", "root.layout"],
      ["run", "-n", "make", "-k", "dev", "-p", name, "--", "true"],
    ]
  ) {
    const result = await intoto(args, { cwd: dir });
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
  }
  const result = await intoto([
    "verify",
    "-l",
    "root.layout",
    "-k",
    "owner.pub",
    "--report",
    "report.html",
  ], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  const seen = await browse(join(dir, "report.html"), {
    evaluate: [
      `document.querySelectorAll("img").length`,
      `[...document.querySelectorAll("#artifacts tr.failed td:first-child")]
        .map((cell) => cell.textContent)`,
    ],
  });
  assert.deepEqual(seen.messages, []);
  assert.equal(seen.requests.length, 1);
  assert.deepEqual(seen.values, [0, [name]]);
});
