// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { LayoutBuilder } from "../../lib/authoring/layout_builder.ts";
import {
  readLayoutFile,
  writeLayoutFile,
} from "../../lib/authoring/layout_file.ts";
import { keyidsOf } from "../../lib/crypto/keyid.ts";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import { parseJson } from "../../lib/json/parse.ts";
import { validateLayout } from "../../lib/model/layout.ts";
import { FIXTURES, tempDir } from "../_helpers.ts";

const NOW = new Date("2026-01-31T10:00:00Z");
const bob = await loadPublicKey(join(FIXTURES, "demo_files", "bob.pub"));
const carl = await loadPublicKey(join(FIXTURES, "demo_files", "carl.pub"));

function withKeys(): { builder: LayoutBuilder; bobId: string; carlId: string } {
  const builder = LayoutBuilder.create({ now: NOW });
  return {
    builder,
    bobId: builder.addKey(bob).keyid,
    carlId: builder.addKey(carl).keyid,
  };
}

Deno.test("LayoutBuilder.create writes the reference's unsigned skeleton", () => {
  const builder = LayoutBuilder.create({ now: NOW, readme: "demo" });
  assert.equal(
    builder.toString(),
    `{
 "signatures": [],
 "signed": {
  "_type": "layout",
  "expires": "2027-01-31T10:00:00Z",
  "inspect": [],
  "keys": {},
  "readme": "demo",
  "steps": []
 }
}`,
  );
  assert.equal(
    LayoutBuilder.create({ expires: "2030-02-03", now: NOW }).layout.expires,
    "2030-02-03T00:00:00Z",
  );
  assert.throws(
    () => LayoutBuilder.create({ expires: "soon" }),
    /Invalid expiry "soon": give a date .* or a duration from now \(1y, 6m/,
  );
});

Deno.test("addKey lists a key under its legacy keyid by default, once", () => {
  const builder = LayoutBuilder.create({ now: NOW });
  const { legacy, modern } = keyidsOf(bob);
  assert.deepEqual(builder.addKey(bob), { keyid: legacy, added: true });
  assert.deepEqual(builder.addKey(bob), { keyid: legacy, added: false });
  assert.throws(
    () => builder.addKey(bob, "modern"),
    new RegExp(
      `Cannot add key "${modern}": .*the same public key is also listed as "${legacy}"`,
    ),
  );
  assert.deepEqual(Object.keys(builder.layout.keys), [legacy]);
  const other = LayoutBuilder.create({ now: NOW });
  assert.equal(other.addKey(bob, "modern").keyid, modern);
});

Deno.test("findKey takes 8 or more characters of a unique keyid", () => {
  const { builder, bobId } = withKeys();
  assert.equal(builder.findKey(bobId), bobId);
  assert.equal(builder.findKey(bobId.slice(0, 8).toUpperCase()), bobId);
  assert.throws(
    () => builder.findKey(bobId.slice(0, 7)),
    /No key of the layout has the keyid/,
  );
  assert.throws(() => builder.findKey("bob"), /add the key first/);
});

Deno.test("addStep parses rules as the reference prints them", () => {
  const { builder, bobId, carlId } = withKeys();
  const step = builder.addStep({
    name: "package",
    keys: [bobId, carlId],
    threshold: 2,
    materials: [
      "MATCH  src/*  IN build WITH PRODUCTS IN out FROM compile",
      ["DISALLOW", "*"],
      { type: "ALLOW", pattern: "README.md" },
    ],
    products: ['CREATE "release notes.txt"'],
    expectedCommand: `tar -czf "my app.tar.gz" src`,
  });
  assert.deepEqual(step.expected_materials, [
    [
      "MATCH",
      "src/*",
      "IN",
      "build",
      "WITH",
      "PRODUCTS",
      "IN",
      "out",
      "FROM",
      "compile",
    ],
    ["DISALLOW", "*"],
    ["ALLOW", "README.md"],
  ]);
  assert.deepEqual(step.expected_products, [["CREATE", "release notes.txt"]]);
  assert.deepEqual(step.expected_command, [
    "tar",
    "-czf",
    "my app.tar.gz",
    "src",
  ]);
  assert.equal(step.threshold, 2);
  validateLayout(builder.signed);
});

Deno.test("addStep refuses what verification would reject, and changes nothing", () => {
  const { builder, bobId } = withKeys();
  builder.addStep({ name: "build", keys: [bobId] });
  const before = builder.toString();
  const cases: [Parameters<LayoutBuilder["addStep"]>[0], RegExp][] = [
    [
      { name: "build", keys: [bobId] },
      /Cannot add step "build": a step of that name exists/,
    ],
    [
      { name: "x", keys: ["ab".repeat(32)] },
      /the layout has no key "abab.*": add it first/,
    ],
    [
      { name: "x", keys: [bobId], threshold: 2 },
      /threshold must be from 1 to the number of its keys \(1\), not 2/,
    ],
    [
      { name: "x", keys: [] },
      /threshold must be from 1 to the number of its keys \(0\)/,
    ],
    [
      { name: "a/b", keys: [bobId] },
      /Cannot add step "a\/b": .*not safe as a file name/,
    ],
    [
      { name: "x", keys: [bobId], materials: ["ALOW *"] },
      /Cannot parse rule "ALOW \*": the first word must be/,
    ],
    [
      { name: "x", keys: [bobId], products: ["CREATE ./a"] },
      /can never match a recorded name: it has a "." segment; write "a"/,
    ],
    [
      { name: "x", keys: [bobId], expectedCommand: "echo 'a" },
      /Cannot split "echo 'a" into words: a single quote is not closed/,
    ],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => builder.addStep(input), message);
    assert.equal(builder.toString(), before);
  }
});

Deno.test("addInspection needs a command", () => {
  const builder = LayoutBuilder.create({ now: NOW });
  assert.throws(
    () => builder.addInspection({ name: "untar", run: "  " }),
    /Cannot add inspection "untar": inspect\[0\]\.run: the command is empty/,
  );
  const inspection = builder.addInspection({
    name: "untar",
    run: ["tar", "xzf", "a b.tar.gz"],
    materials: ["MATCH a.tar.gz WITH PRODUCTS FROM package"],
  });
  assert.deepEqual(inspection.run, ["tar", "xzf", "a b.tar.gz"]);
});

Deno.test("remove takes a step or an inspection and names the rules that still MATCH it", () => {
  const { builder, bobId } = withKeys();
  builder.addStep({ name: "build", keys: [bobId], products: ["CREATE a"] });
  builder.addStep({
    name: "package",
    keys: [bobId],
    materials: ["MATCH a WITH PRODUCTS FROM build", "DISALLOW *"],
  });
  builder.addInspection({ name: "check", run: "true" });
  assert.deepEqual(builder.remove("check"), {
    kind: "inspection",
    referencedBy: [],
  });
  assert.deepEqual(builder.remove("build"), {
    kind: "step",
    referencedBy: [
      'step "package" materials: MATCH a WITH PRODUCTS FROM build',
    ],
  });
  assert.deepEqual(builder.layout.steps.map((step) => step.name), ["package"]);
  assert.throws(
    () => builder.remove("nope"),
    /The layout has no step or inspection "nope" \(it has "package"\)/,
  );
});

Deno.test("setExpiry takes dates, times and durations", () => {
  const builder = LayoutBuilder.create({ now: NOW });
  assert.equal(builder.setExpiry("6m", NOW), "2026-07-31T10:00:00Z");
  assert.equal(builder.setExpiry("1m", NOW), "2026-02-28T10:00:00Z");
  assert.equal(builder.setExpiry("2w1d", NOW), "2026-02-15T10:00:00Z");
  assert.equal(builder.setExpiry("12h", NOW), "2026-01-31T22:00:00Z");
  assert.equal(builder.setExpiry("2028-02-29", NOW), "2028-02-29T00:00:00Z");
  assert.equal(
    builder.setExpiry("2028-02-29T12:30:00Z", NOW),
    "2028-02-29T12:30:00Z",
  );
  assert.equal(
    builder.setExpiry(new Date("2029-01-01T01:02:03.456Z")),
    "2029-01-01T01:02:03Z",
  );
  for (
    const bad of ["2027-02-30", "1x", "-1y", "", "2027-06-30T00:00:00+01:00"]
  ) {
    assert.throws(() => builder.setExpiry(bad, NOW), /Invalid expiry/);
  }
  assert.equal(builder.layout.expires, "2029-01-01T01:02:03Z");
});

Deno.test("from keeps the fields it does not edit and refuses an invalid layout", () => {
  const { builder } = withKeys();
  const signed = { ...builder.signed, rootcas: {}, readme: "kept" };
  const edited = LayoutBuilder.from(signed);
  edited.setExpiry("1y", NOW);
  assert.deepEqual(edited.signed.rootcas, {});
  assert.equal(edited.signed.readme, "kept");
  assert.throws(
    () =>
      LayoutBuilder.from({ ...signed, steps: [{ _type: "step" }] }, {
        source: "x.layout",
      }),
    /Invalid layout "x.layout" at steps\[0\]/,
  );
});

Deno.test("a layout file keeps its format and loses its signatures when edited", async () => {
  const directory = await tempDir();
  const { builder } = withKeys();
  for (const format of ["metablock", "dsse"] as const) {
    const path = join(directory, `${format}.layout`);
    await writeLayoutFile(path, builder, format);
    const read = await readLayoutFile(path);
    assert.equal(read.format, format);
    assert.equal(read.signatures, 0);
    assert.equal(read.builder.toString(), builder.toString());
  }
  const envelope = parseJson(
    await Deno.readFile(join(directory, "dsse.layout")),
  );
  assert.deepEqual(
    Object.keys(envelope as object).sort(),
    ["payload", "payloadType", "signatures"],
  );
  await Deno.writeTextFile(
    join(directory, "link"),
    '{"signatures": [], "signed": {"_type": "link"}}',
  );
  await assert.rejects(
    () => readLayoutFile(join(directory, "link")),
    /Cannot edit ".*link": it is not a layout \("_type" is "link"\)/,
  );
});
