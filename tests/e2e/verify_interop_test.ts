// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Chains recorded by in-toto 1.3.1 (in-toto-keygen, in-toto-run,
 * in-toto-sign) for every key type: `intoto verify` must give the same
 * verdict as `in-toto-verify`, except where the attack catalogue says the
 * reference is wrong; there ours fails and the test says why.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, python, reference, tempDir } from "../_helpers.ts";

type KeyType = "rsa" | "ed25519" | "ecdsa";

async function ok(result: Promise<{ code: number; stderr: string }>) {
  const { code, stderr } = await result;
  assert.equal(code, 0, stderr);
}

/** Writes and signs (in-toto-sign) a layout over the keys' public files. */
async function signLayout(
  directory: string,
  type: KeyType,
  options: { output: string; steps: boolean },
): Promise<void> {
  await ok(python(
    `
from securesystemslib import interface
import json
load = getattr(interface, "import_${type}_publickey_from_file")
one = load("one.pub")
two = load("two.pub")
def step(name, key, materials, products, command):
    return {"_type": "step", "name": name, "threshold": 1,
            "pubkeys": [key["keyid"]], "expected_command": command,
            "expected_materials": materials, "expected_products": products}
steps = [
    step("write-code", one, [], [["CREATE", "foo.py"], ["DISALLOW", "*"]], []),
    step("package", two,
         [["MATCH", "foo.py", "WITH", "PRODUCTS", "FROM", "write-code"],
          ["DISALLOW", "*"]],
         [["CREATE", "foo.tar.gz"], ["DISALLOW", "*"]],
         ["tar", "czf", "foo.tar.gz", "foo.py"]),
]
inspect = [{"_type": "inspection", "name": "untar",
            "run": ["tar", "xzf", "foo.tar.gz"],
            "expected_materials": [
                ["MATCH", "foo.tar.gz", "WITH", "PRODUCTS", "FROM", "package"],
                ["DISALLOW", "foo.tar.gz"]],
            "expected_products": [
                ["MATCH", "foo.py", "WITH", "PRODUCTS", "FROM", "write-code"],
                ["DISALLOW", "foo.py"]]}]
with_steps = ${options.steps ? "True" : "False"}
layout = {"_type": "layout", "expires": "2099-01-01T00:00:00Z", "readme": "",
          "keys": {one["keyid"]: one, two["keyid"]: two} if with_steps else {},
          "steps": steps if with_steps else [],
          "inspect": inspect if with_steps else []}
json.dump({"signed": layout, "signatures": []}, open("layout.template", "w"))
`,
    { cwd: directory },
  ));
  await ok(reference("in-toto-sign", [
    "-f",
    "layout.template",
    "-k",
    "owner",
    "-t",
    type,
    "-o",
    options.output,
  ], { cwd: directory }));
}

/** Records a step with in-toto-run 1.3.1. */
function inTotoRun(
  directory: string,
  options: { type: KeyType; step: string; key: string; artifacts: string[] },
  command: string[],
) {
  return ok(reference("in-toto-run", [
    "-n",
    options.step,
    ...options.artifacts,
    "-k",
    options.key,
    "-t",
    options.type,
    "--",
    ...command,
  ], { cwd: directory }));
}

/** Keys and a recorded two-step chain, all made by the reference. */
async function recordedChain(type: KeyType): Promise<string> {
  const directory = await tempDir();
  for (const name of ["owner", "one", "two"]) {
    const bits = type === "rsa" ? ["-b", "2048"] : [];
    await ok(
      reference("in-toto-keygen", ["-t", type, ...bits, name], {
        cwd: directory,
      }),
    );
  }
  await signLayout(directory, type, { output: "root.layout", steps: true });
  await signLayout(directory, type, { output: "empty.layout", steps: false });
  await inTotoRun(
    directory,
    { type, step: "write-code", key: "one", artifacts: ["-p", "foo.py"] },
    ["sh", "-c", "echo 'print(42)' > foo.py"],
  );
  await inTotoRun(directory, {
    type,
    step: "package",
    key: "two",
    artifacts: ["-m", "foo.py", "-p", "foo.tar.gz"],
  }, ["tar", "czf", "foo.tar.gz", "foo.py"]);
  // A link recorded with the right key for a step of another name.
  await inTotoRun(
    directory,
    { type, step: "test", key: "one", artifacts: ["-p", "foo.py"] },
    ["true"],
  );
  await Deno.remove(join(directory, "foo.py"));
  return directory;
}

async function copyOf(directory: string): Promise<string> {
  const copy = await tempDir();
  for await (const entry of Deno.readDir(directory)) {
    await Deno.copyFile(join(directory, entry.name), join(copy, entry.name));
  }
  return copy;
}

async function linkNamed(directory: string, step: string): Promise<string> {
  for await (const entry of Deno.readDir(directory)) {
    if (entry.name.startsWith(`${step}.`) && entry.name.endsWith(".link")) {
      return entry.name;
    }
  }
  throw new Error(`no link for ${step}`);
}

async function verdicts(
  directory: string,
  type: KeyType,
  layout = "root.layout",
) {
  const args = ["-l", layout, "-k", "owner.pub", "-t", type];
  const ours = await intoto(["verify", ...args], {
    cwd: await copyOf(directory),
  });
  const theirs = await reference("in-toto-verify", args, {
    cwd: await copyOf(directory),
  });
  return { ours, theirs };
}

for (const type of ["rsa", "ed25519", "ecdsa"] as const) {
  Deno.test(`intoto verify agrees with in-toto-verify on chains recorded by in-toto-run 1.3.1 (${type})`, async (t) => {
    const directory = await recordedChain(type);

    await t.step("an honest chain passes both", async () => {
      const { ours, theirs } = await verdicts(directory, type);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(ours.code, 0, ours.stderr);
    });

    await t.step("a link edited after signing fails both", async () => {
      const copy = await copyOf(directory);
      const name = await linkNamed(copy, "package");
      const text = await Deno.readTextFile(join(copy, name));
      await Deno.writeTextFile(
        join(copy, name),
        text.replace(
          '"foo.tar.gz": {\n    "sha256": "',
          '"foo.tar.gz": {\n    "sha256": "0',
        ),
      );
      assert.notEqual(await Deno.readTextFile(join(copy, name)), text);
      const { ours, theirs } = await verdicts(copy, type);
      assert.equal(theirs.code, 1, theirs.stderr);
      assert.equal(ours.code, 1, ours.stderr);
      assert.match(ours.stderr, /Step "package": threshold 1 not met/);
    });

    await t.step("a tarball replaced on disk fails both", async () => {
      const copy = await copyOf(directory);
      await Deno.writeTextFile(join(copy, "foo.tar.gz"), "not a tarball");
      const { ours, theirs } = await verdicts(copy, type);
      assert.equal(theirs.code, 1, theirs.stderr);
      assert.equal(ours.code, 1, ours.stderr);
      assert.match(ours.stderr, /Inspection "untar" failed/);
    });

    await t.step(
      "T5 a link signed for another step: the reference passes, ours fails",
      async () => {
        // in-toto 1.3.1 never compares the link's signed name with the step's
        // (attack catalogue T5), so a "test" link passes as "write-code".
        const copy = await copyOf(directory);
        const real = await linkNamed(copy, "write-code");
        await Deno.rename(
          join(copy, await linkNamed(copy, "test")),
          join(copy, real),
        );
        const { ours, theirs } = await verdicts(copy, type);
        assert.equal(theirs.code, 0, theirs.stderr);
        assert.equal(ours.code, 1, ours.stderr);
        assert.match(
          ours.stderr,
          /it is signed for step "test", not "write-code"/,
        );
      },
    );

    await t.step(
      "T7 a layout with no steps: the reference passes, ours fails",
      async () => {
        // in-toto 1.3.1 passes a signed layout that checks nothing (T7).
        const { ours, theirs } = await verdicts(
          directory,
          type,
          "empty.layout",
        );
        assert.equal(theirs.code, 0, theirs.stderr);
        assert.equal(ours.code, 1, ours.stderr);
        assert.match(ours.stderr, /no steps and no inspections/);
      },
    );

    await Deno.remove(directory, { recursive: true });
  });
}
