// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue's parsing and canonicalisation (P) against `intoto
 * verify`, end to end: crafted files in a folder, the real CLI, one clean
 * `error:` line and the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { canonicalBytes } from "../../lib/json/canonical.ts";
import { canonicalMember } from "../../lib/json/canonical_member.ts";
import { pae } from "../../lib/model/dsse.ts";
import { type JsonObject, parseJson } from "../../lib/json/parse.ts";
import { python, reference, tempDir } from "../_helpers.ts";
import {
  ALICE,
  BOB,
  buildLayout,
  chain,
  edited,
  fails,
  OWNER,
  passes,
  referenceVerify,
  toBase64,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";

const encoder = new TextEncoder();

Deno.test("P1 S7 the signed bytes read from a metablock equal the canonical form of what is parsed", () => {
  // Metablocks are verified over bytes taken from the file when it is
  // canonical but for whitespace; they must be exactly the canonical JSON
  // of the parsed "signed", or a signature would cover other data.
  const documents = [
    '{"signed": {"a": "\\u0041\\/\\"\\\\\\n\\u00e9\\ud83d\\ude00", "b": [1, -2, true, null]}}',
    '{"signatures": [], "signed": {"k": [{"b": 1, "c": 2}, {"a": {}}], "z": ""}}',
    '{"signed": {"pro\\u0064ucts": 1, "products": 2}}',
    '{"signed": {"b": 1, "a": 2}}',
    '{"signed": {"\\uff01": 1, "\\ud83d\\ude00": 2}}',
    '{"signed": {"a": 1}, "signed": {"a": 2}}',
    '{"signed":{"a":"\\u0000\\u001f\\u2028"},"x":{"b":1,"b":2}}',
    '{"signed": {"a": "\\u0000\\u001f\\u2028", "b": "\\t"}}',
    '{"signed": {"a": -0}}',
    '{"signed": {"a": "x"}, "signatures": [{"sig": "-0"}]}',
  ];
  for (const document of documents) {
    const bytes = encoder.encode(document);
    let parsed: JsonObject;
    try {
      parsed = parseJson(bytes) as JsonObject;
    } catch {
      continue;
    }
    const fromFile = canonicalMember(bytes, "signed");
    if (fromFile !== undefined) {
      assert.deepEqual(fromFile, canonicalBytes(parsed.signed!), document);
    }
  }
});

Deno.test("P1 P3 intoto verify checks in-toto-run's signature over newlines, a literal backslash-n and non-ASCII streams", async () => {
  const directory = await tempDir();
  const key = join(directory, "func");
  passes(
    await reference("in-toto-keygen", ["-t", "ed25519", key], {
      cwd: directory,
    }),
  );
  passes(
    await reference("in-toto-run", [
      "-n",
      "build",
      "-k",
      key,
      "-t",
      "ed25519",
      "-s",
      "--",
      "printf",
      "line\\nback\\\\nslash \\342\\200\\250 \\357\\274\\201 \\360\\237\\230\\200 \\001",
    ], { cwd: directory }),
  );
  const [linkName] = (await Array.fromAsync(Deno.readDir(directory)))
    .map((entry) => entry.name).filter((name) => name.endsWith(".link"));
  const text = await Deno.readTextFile(join(directory, linkName!));
  assert.match(text, /line\\nback\\\\nslash \\u2028/);
  const layout = await python(
    `
import json
from securesystemslib import interface
f = interface.import_ed25519_publickey_from_file("func.pub")
step = {"_type": "step", "name": "build", "threshold": 1, "pubkeys": [f["keyid"]],
        "expected_command": [], "expected_materials": [], "expected_products": []}
print(json.dumps({"_type": "layout", "expires": "2099-01-01T00:00:00Z",
      "readme": "", "keys": {f["keyid"]: f}, "steps": [step], "inspect": []}))
`,
    { cwd: directory },
  );
  passes(layout);
  const { writeFiles, writePublicKeyFile } = await import(
    "../_verify_fixtures.ts"
  );
  await writeFiles(directory, {
    "root.layout": await sign(JSON.parse(layout.stdout), [OWNER]),
  });
  await writePublicKeyFile(join(directory, "owner.pub"), OWNER);
  passes(await verify(directory), "the reference's link verifies");
  // in-toto-rs turns "\\n" into "\n" before verifying: the bytes differ.
  await Deno.writeTextFile(
    join(directory, linkName!),
    text.replace("back\\\\nslash", "back\\nslash"),
  );
  fails(await verify(directory), 1, /no signature on it verifies/);
});

Deno.test("P3 intoto verify rejects lone surrogates in a link", async () => {
  const link = await sign(linkJson("build"), [ALICE]);
  fails(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: edited(
          link,
          '"name": "build"',
          '"name": "build", "x": "\\ud800"',
        ),
      }),
    ),
    2,
    /Cannot parse "build\.[0-9a-f]{8}\.link" at signed\.x: .*surrogate/,
  );
});

Deno.test("P4 intoto verify rejects duplicate keys that in-toto-verify resolves to the last", async () => {
  const link = await sign(linkJson("build", { products: { good: "g" } }), [
    ALICE,
  ]);
  const evil = `{"evil": {"sha256": "${"0".repeat(64)}"}}`;
  for (const duplicate of ["products", "pro\\u0064ucts"]) {
    const directory = await chain({
      "root.layout": await buildLayout([["DISALLOW", "evil"]]),
      [linkFile("build", ALICE)]: edited(
        link,
        '"products": {',
        `"${duplicate}": ${evil}, "products": {`,
      ),
    });
    passes(await referenceVerify(directory), `in-toto-verify, ${duplicate}`);
    fails(
      await verify(directory),
      2,
      /at signed: duplicate key "products"/,
      duplicate,
    );
  }
});

Deno.test("P4 intoto verify keeps __proto__ and constructor as artifact names", async () => {
  for (const name of ["__proto__", "constructor", "toString"]) {
    const layout = await sign(
      layoutJson([{ name: "fetch", keys: [BOB] }, {
        name: "build",
        keys: [ALICE],
        materials: [["MATCH", name, "WITH", "PRODUCTS", "FROM", "fetch"], [
          "DISALLOW",
          "*",
        ]],
      }]),
      [OWNER],
    );
    const build = await sign(
      linkJson("build", { materials: { [name]: "x" } }),
      [
        ALICE,
      ],
    );
    const files = async (products: Record<string, string>) =>
      chain({
        "root.layout": layout,
        [linkFile("build", ALICE)]: build,
        [linkFile("fetch", BOB)]: await sign(linkJson("fetch", { products }), [
          BOB,
        ]),
      });
    passes(await verify(await files({ [name]: "x" })), name);
    fails(
      await verify(await files({})),
      1,
      new RegExp(`"${name}" is not among the products of fetch`),
      name,
    );
  }
});

Deno.test("P5 intoto verify rejects malformed dates, including a trailing newline that in-toto-verify accepts", async () => {
  const link = await sign(linkJson("build"), [ALICE]);
  const withExpiry = async (expires: string) =>
    chain({
      "root.layout": await sign(
        layoutJson([{ name: "build", keys: [ALICE] }], { expires }),
        [OWNER],
      ),
      [linkFile("build", ALICE)]: link,
    });
  const newline = await withExpiry("2099-01-01T00:00:00Z\n");
  passes(await referenceVerify(newline), "in-toto-verify, trailing newline");
  fails(await verify(newline), 2, /at expires: expected a UTC date/);
  for (
    const expires of [
      "2023-02-30T00:00:00Z",
      "2099-01-01T00:00:00+00:00",
      "2099-01-01T00:00:00z",
      "2099-01-01t00:00:00Z",
      "2099-01-01T00:00:00.5Z",
      "2099-01-01T24:00:00Z",
      "+002099-01-01T00:00:00Z",
      "garbage",
      "",
    ]
  ) {
    fails(
      await verify(await withExpiry(expires)),
      2,
      /at expires: /,
      expires,
    );
  }
  fails(
    await verify(await withExpiry("2020-01-01T00:00:00Z")),
    1,
    /Layout "root\.layout" expired on 2020-01-01T00:00:00Z/,
  );
});

Deno.test("P6 intoto verify fails a validly signed DSSE link whose payload is not JSON", async () => {
  const payload = encoder.encode("not json");
  const signature = await ALICE.signer.sign(
    pae("application/vnd.in-toto+json", payload),
  );
  fails(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: JSON.stringify({
          payloadType: "application/vnd.in-toto+json",
          payload: toBase64(payload),
          signatures: [{ keyid: "", sig: toBase64(signature) }],
        }),
      }),
    ),
    2,
    /the payload is not valid JSON/,
  );
});
