// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The in-toto demo's layout, written with `intoto layout` commands (as
 * `deno task demo` does) and signed with `intoto sign`, is the layout the
 * demo used to write by hand in JSON, and verifies the demo chain, honest
 * and tampered, exactly as the hand-written one does, with intoto and with
 * in-toto-verify 1.3.1. Real keys, real git, real tar, real links.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  authorLayout,
  performChain,
  prepare,
  setQuiet,
} from "../../demo/demo.ts";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import { type JsonObject, parseJson } from "../../lib/json/parse.ts";
import { formatPythonJson } from "../../lib/json/python.ts";
import {
  denoRunCommand,
  execute,
  intoto,
  reference,
  ROOT,
  tempDir,
} from "../_helpers.ts";

setQuiet(true);

async function keyObject(path: string): Promise<[string, JsonObject]> {
  const key = await loadPublicKey(path, { flavour: "legacy" });
  return [key.keyid, key as unknown as JsonObject];
}

/** The demo layout as demo/demo.ts wrote it by hand before `intoto layout`. */
async function handWrittenLayout(
  keys: string,
  expires: string,
): Promise<JsonObject> {
  const [bobId, bobKey] = await keyObject(join(keys, "bob.pub"));
  const [carlId, carlKey] = await keyObject(join(keys, "carl.pub"));
  return {
    signed: {
      _type: "layout",
      expires,
      readme: "The intoto demo supply chain",
      keys: { [bobId]: bobKey, [carlId]: carlKey },
      steps: [{
        _type: "step",
        name: "clone",
        threshold: 1,
        pubkeys: [bobId],
        expected_command: [
          "git",
          "clone",
          "--quiet",
          "../upstream/demo-project",
          "demo-project",
        ],
        expected_materials: [],
        expected_products: [["CREATE", "demo-project/foo.py"], [
          "DISALLOW",
          "*",
        ]],
      }, {
        _type: "step",
        name: "update-version",
        threshold: 1,
        pubkeys: [bobId],
        expected_command: [],
        expected_materials: [
          ["MATCH", "demo-project/*", "WITH", "PRODUCTS", "FROM", "clone"],
          ["DISALLOW", "*"],
        ],
        expected_products: [["MODIFY", "demo-project/foo.py"], [
          "DISALLOW",
          "*",
        ]],
      }, {
        _type: "step",
        name: "package",
        threshold: 1,
        pubkeys: [carlId],
        expected_command: [
          "tar",
          "--exclude",
          ".git",
          "-zcf",
          "demo-project.tar.gz",
          "demo-project",
        ],
        expected_materials: [
          [
            "MATCH",
            "demo-project/*",
            "WITH",
            "PRODUCTS",
            "FROM",
            "update-version",
          ],
          ["DISALLOW", "*"],
        ],
        expected_products: [["CREATE", "demo-project.tar.gz"], [
          "DISALLOW",
          "*",
        ]],
      }],
      inspect: [{
        _type: "inspection",
        name: "untar",
        run: ["tar", "xzf", "demo-project.tar.gz"],
        expected_materials: [
          [
            "MATCH",
            "demo-project.tar.gz",
            "WITH",
            "PRODUCTS",
            "FROM",
            "package",
          ],
          ["ALLOW", "alice.pub"],
          ["ALLOW", "root.layout"],
          ["DISALLOW", "*"],
        ],
        expected_products: [
          [
            "MATCH",
            "demo-project/foo.py",
            "WITH",
            "PRODUCTS",
            "FROM",
            "update-version",
          ],
          ["ALLOW", "demo-project.tar.gz"],
          ["ALLOW", "alice.pub"],
          ["ALLOW", "root.layout"],
          ["DISALLOW", "*"],
        ],
      }],
    },
    signatures: [],
  };
}

/**
 * A copy of the user's folder with `layout` as root.layout: each
 * verification gets its own, as the inspection unpacks the package there.
 */
async function copyWith(
  folder: string,
  layout: string,
  suffix: string,
): Promise<string> {
  const copy = `${folder}_${suffix}`;
  await Deno.mkdir(copy);
  for await (const entry of Deno.readDir(folder)) {
    await Deno.copyFile(join(folder, entry.name), join(copy, entry.name));
  }
  await Deno.copyFile(layout, join(copy, "root.layout"));
  return copy;
}

Deno.test("the demo layout written with intoto layout commands verifies the demo chain as the hand-written one does, for intoto and in-toto-verify", async () => {
  const work = await tempDir();
  const { alice, keys } = await prepare(work);
  await authorLayout(alice, "../keys");
  const authored = parseJson(
    await Deno.readFile(join(alice, "root.layout.template")),
  ) as { signed: JsonObject };
  const expires = authored.signed.expires as string;
  const handWritten = await handWrittenLayout(keys, expires);
  assert.deepEqual(authored, handWritten);

  await Deno.writeTextFile(
    join(alice, "hand.layout.template"),
    formatPythonJson(handWritten, { indent: 1 }),
  );
  for (const name of ["root", "hand"]) {
    const signed = await intoto(
      [
        "sign",
        "-f",
        `${name}.layout.template`,
        "-k",
        "alice",
        "-o",
        `${name}.layout`,
      ],
      { cwd: alice },
    );
    assert.equal(signed.code, 0, signed.stderr);
  }
  const signedByReference = await reference("in-toto-sign", [
    "-f",
    "root.layout.template",
    "-k",
    "alice",
    "-o",
    "reference.layout",
  ], { cwd: alice });
  assert.equal(signedByReference.code, 0, signedByReference.stderr);

  const verify = ["verify", "-l", "root.layout", "-k", "alice.pub"];
  for (const tamper of [false, true]) {
    const final = await performChain(work, { tamper });
    const copy = (layout: string, suffix: string) =>
      copyWith(final, join(alice, layout), suffix);
    const folders = {
      ours: await copy("root.layout", "ours"),
      hand: await copy("hand.layout", "hand"),
      reference: await copy("root.layout", "reference"),
      signedByReference: await copy("reference.layout", "signed_by_reference"),
    };
    const ours = await intoto(verify, { cwd: folders.ours });
    const hand = await intoto(verify, { cwd: folders.hand });
    assert.equal(ours.code, tamper ? 1 : 0, ours.stderr);
    assert.equal(ours.code, hand.code);
    assert.equal(ours.stderr, hand.stderr);
    assert.match(
      ours.stderr,
      tamper
        ? /error: Step "package" materials: rule "MATCH demo-project\/\* WITH PRODUCTS FROM update-version" failed/
        : /PASSED: the supply chain verifies against "root.layout"/,
    );
    const inTotoSigned = await intoto(verify, {
      cwd: folders.signedByReference,
    });
    assert.equal(inTotoSigned.code, ours.code, inTotoSigned.stderr);

    const byReference = await reference(
      "in-toto-verify",
      ["-l", "root.layout", "-k", "alice.pub"],
      { cwd: folders.reference },
    );
    assert.equal(
      byReference.code,
      tamper ? 1 : 0,
      byReference.stdout + byReference.stderr,
    );
    if (tamper) {
      assert.match(
        byReference.stderr,
        /RuleVerificationError: 'DISALLOW \*' matched the following artifacts: \['demo-project\/foo.py'\]\nFull trace for 'expected_materials' of item 'package'/,
      );
    }
    for (const folder of Object.values(folders)) {
      await Deno.remove(folder, { recursive: true });
    }
  }
});

Deno.test("the README's TypeScript demo layout is the demo layout", async () => {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const code = /```ts\n(\/\/ layout\.ts:[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, "the README has the layout.ts example");
  const work = await tempDir("demo_files/bob.pub", "demo_files/carl.pub");
  await Deno.writeTextFile(
    join(work, "layout.ts"),
    code.replaceAll("/path/to/intoto/mod.ts", join(ROOT, "mod.ts")),
  );
  const [deno, ...args] = denoRunCommand(join(work, "layout.ts"));
  const result = await execute(
    [
      deno!,
      ...args.slice(0, 2),
      "--config",
      join(ROOT, "deno.json"),
      ...args.slice(2),
    ],
    { cwd: work },
  );
  assert.equal(result.code, 0, result.stderr);
  const written = parseJson(
    await Deno.readFile(join(work, "root.layout.template")),
  ) as { signed: JsonObject };
  assert.deepEqual(
    written,
    await handWrittenLayout(work, written.signed.expires as string),
  );
});
