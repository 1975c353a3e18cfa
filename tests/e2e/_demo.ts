// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The reference's demo supply chain in a temporary folder, its layout
 * edited by a Python snippet and signed by in-toto-sign 1.3.1 or by us.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, intoto, python, reference, tempDir } from "../_helpers.ts";

const DEMO = [
  "alice",
  "alice.pub",
  "bob",
  "bob.pub",
  "carl.pub",
  "foo.tar.gz",
  "package.2f89b927.link",
  "write-code.776a00e2.link",
].map((name) => `demo_files/${name}`);

/**
 * The demo layout template with `expires` added and the inspection running
 * the system tar, then `edit` applied (Python code on `layout`, the signed
 * part), signed by in-toto-sign with `signer`.
 */
export async function demo(
  options: { edit?: string; signer?: string; sign?: "reference" | "ours" } = {},
): Promise<string> {
  const directory = await tempDir(...DEMO);
  const template = join(FIXTURES, "demo_files", "demo.layout.template");
  const result = await python(
    `
import json
metablock = json.load(open(${JSON.stringify(template)}))
layout = metablock["signed"]
layout["expires"] = "2099-01-01T00:00:00Z"
layout["inspect"][0]["run"] = ["tar", "xfz", "foo.tar.gz"]
${options.edit ?? ""}
json.dump(metablock, open("demo.layout.template", "w"), indent=1)
`,
    { cwd: directory },
  );
  assert.equal(result.code, 0, result.stderr);
  const signer = options.signer ?? "alice";
  const args = [
    "-f",
    "demo.layout.template",
    "-k",
    signer,
    "-o",
    "root.layout",
  ];
  const signed = options.sign === "ours"
    ? await intoto(["sign", ...args], { cwd: directory })
    : await reference("in-toto-sign", args, { cwd: directory });
  assert.equal(signed.code, 0, signed.stderr);
  return directory;
}
