// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import { readShown, type Shown } from "../../lib/cli/show_document.ts";
import { shownToJson } from "../../lib/cli/show_json.ts";
import {
  expiryText,
  PREDICATE_LINES,
  renderShown,
} from "../../lib/cli/show_render.ts";
import { checkSignatures } from "../../lib/cli/show_signatures.ts";
import { FIXTURES } from "../_helpers.ts";

const NOW = new Date("2026-12-05T00:00:00Z");
const encoder = new TextEncoder();

function shown(value: unknown, source = "file.json"): Shown {
  return readShown(encoder.encode(JSON.stringify(value)), source);
}

function link(fields: Record<string, unknown> = {}) {
  return {
    _type: "link",
    name: "build",
    command: ["make"],
    materials: {},
    products: {},
    byproducts: {},
    environment: {},
    ...fields,
  };
}

Deno.test("expiryText gives the time left, or EXPIRED and the time since", () => {
  const at = { now: NOW };
  assert.equal(
    expiryText("2027-01-01T00:00:00Z", at),
    "expires 2027-01-01T00:00:00Z (in 27 days)",
  );
  assert.equal(
    expiryText("2026-12-02T00:00:00Z", at),
    "expires 2026-12-02T00:00:00Z (EXPIRED 3 days ago)",
  );
  assert.equal(
    expiryText("2026-12-06T00:00:00Z", at),
    "expires 2026-12-06T00:00:00Z (in 1 day)",
  );
  assert.equal(
    expiryText("2026-12-05T05:30:00Z", at),
    "expires 2026-12-05T05:30:00Z (in 5 hours)",
  );
  assert.equal(
    expiryText("2026-12-04T23:59:30Z", at),
    "expires 2026-12-04T23:59:30Z (EXPIRED less than a minute ago)",
  );
});

Deno.test("renderShown abbreviates streams, quotes arguments and escapes control characters", () => {
  const lines = renderShown(
    shown(link({
      command: ["sh", "-c", "echo 'a b'", ""],
      byproducts: {
        "return-value": 1,
        stdout: `${"x".repeat(150)}\nsecond\n`,
        stderr: "",
        extra: { note: "kept" },
      },
      environment: { workdir: "/src" },
      products: { "evil\x1b[31m.txt": { sha256: "ab".repeat(32) } },
    })),
    { now: NOW },
  );
  assert.deepEqual(lines, [
    "file.json: unsigned link",
    'link "build"',
    `  command: sh -c "echo 'a b'" ""`,
    "  return value: 1",
    `  stdout: "${"x".repeat(100)}…"… (2 lines, 158 bytes)`,
    "  stderr: (empty)",
    '  byproduct extra: {"note":"kept"}',
    "  environment:",
    '    workdir: "/src"',
    "  materials: none",
    "  products: 1",
    `    evil\\x1b[31m.txt  sha256:${"ab".repeat(32)}`,
  ]);
});

Deno.test("renderShown shows each signature's check: unchecked, verified, NOT verified", () => {
  const file = shown({
    signed: link(),
    signatures: [
      { keyid: "aa".repeat(32), sig: "00" },
      { keyid: "bb".repeat(32), sig: "00" },
      { keyid: "", sig: "00" },
    ],
  });
  const layer = file.layers[0]!;
  assert.ok(layer.kind === "metablock");
  const [first, second, third] = layer.signatures;
  second!.check = { state: "verified", keys: ["bob.pub"] };
  third!.check = { state: "failed", reason: "the key expired" };
  const lines = renderShown(file, { now: NOW });
  assert.deepEqual(lines.slice(0, 5), [
    "file.json: link in a metablock",
    "metablock: 3 signatures",
    "  signed by aaaaaaaa (not checked: no key given)",
    "  signed by bbbbbbbb (verified with bob.pub)",
    "  signed by (no keyid) (NOT verified: the key expired)",
  ]);
  assert.equal(first!.check.state, "unchecked");
  assert.deepEqual(
    shownToJson(file).layers,
    [{
      format: "metablock",
      signatures: [
        {
          keyid: "aa".repeat(32),
          verified: null,
          notChecked: "no key given",
        },
        { keyid: "bb".repeat(32), verified: true, verifiedWith: ["bob.pub"] },
        { keyid: "", verified: false, problem: "the key expired" },
      ],
    }],
  );
});

Deno.test("renderShown prints a Statement's predicate as paths, at most PREDICATE_LINES of them", () => {
  const statement = (predicate: unknown) =>
    shown({
      _type: "https://in-toto.io/Statement/v0.1",
      subject: [{ uri: "pkg:npm/a@1", digest: { sha512: "cd".repeat(64) } }],
      predicateType: "https://example.com/p/v1",
      predicate,
    });
  const big = renderShown(
    statement({ list: Array.from({ length: 45 }, (_, i) => i), empty: {} }),
    { now: NOW },
  );
  assert.deepEqual(big.slice(0, 7), [
    "file.json: unsigned in-toto Statement",
    "in-toto Statement https://in-toto.io/Statement/v0.1",
    "  predicate type: https://example.com/p/v1",
    "  subjects: 1",
    `    pkg:npm/a@1  sha512:${"cd".repeat(64)}`,
    "  predicate:",
    "    list[0]: 0",
  ]);
  assert.equal(big.length, 6 + PREDICATE_LINES + 1);
  assert.equal(big.at(-1), '    … 6 more field(s) (see "--json")');
  const none = renderShown(statement({}), { now: NOW });
  assert.equal(none.at(-1), "  predicate: empty");
  assert.equal(
    shownToJson(statement({})).document !== undefined &&
      (shownToJson(statement({})).document as { _type: string })._type,
    "https://in-toto.io/Statement/v0.1",
  );
});

Deno.test("checkSignatures verifies each signature with the keys given, and lists the layers none verifies", async () => {
  const demo = join(FIXTURES, "demo_files");
  const bytes = await Deno.readFile(join(demo, "package.2f89b927.link"));
  const carl = {
    label: "carl.pub",
    key: await loadPublicKey(join(demo, "carl.pub")),
  };
  const alice = {
    label: "alice.pub",
    key: await loadPublicKey(join(demo, "alice.pub")),
  };
  const file = readShown(bytes, "package.link");
  assert.deepEqual(await checkSignatures(file, []), []);
  assert.deepEqual(await checkSignatures(file, [alice, carl]), []);
  const layer = file.layers[0]!;
  assert.ok(layer.kind === "metablock");
  assert.deepEqual(layer.signatures[0]!.check, {
    state: "verified",
    keys: ["carl.pub"],
  });
  const other = readShown(bytes, "package.link");
  assert.deepEqual(await checkSignatures(other, [alice]), ["the metablock"]);
  assert.ok(other.layers[0]!.kind === "metablock");
  assert.deepEqual(other.layers[0]!.signatures[0]!.check, { state: "failed" });
});
