// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * An ITE-7 layout written with `intoto layout` commands: CA certificates
 * go to rootcas and intermediatecas, a step takes certificate constraints,
 * and the layout verifies links signed with openssl-made SPIFFE leaves.
 */
import assert from "node:assert/strict";
import { intoto } from "../_helpers.ts";
import { BUILD_ID } from "../_x509.ts";
import { ite7, recordBuild, verify } from "./_ite7.ts";

const setup = await ite7();
const { pki, dir } = setup;

async function layout(...args: string[]) {
  const result = await intoto(["layout", ...args], { cwd: dir });
  return result;
}

Deno.test("layout add-key and add-step --cert-constraint write an ITE-7 layout that verifies", async () => {
  assert.equal((await layout("init", "t.json", "--expires", "1y")).code, 0);
  const added = await layout(
    "add-key",
    "t.json",
    pki.root.cert,
    pki.intermediate.cert,
  );
  assert.equal(added.code, 0, added.stderr);
  assert.match(
    added.stderr,
    /Added CA [0-9a-f]{64} \(.*\) from ".*" to rootcas/,
  );
  assert.match(added.stderr, /to intermediatecas/);
  const step = await layout(
    "add-step",
    "t.json",
    "--name",
    "build",
    "--cert-constraint",
    `uris=${BUILD_ID},organizations=example`,
    "--product",
    "CREATE out.txt",
    "DISALLOW *",
  );
  assert.equal(step.code, 0, step.stderr);
  assert.match(step.stderr, /certificates meeting 1 constraint\(s\)/);
  const written = JSON.parse(await Deno.readTextFile(`${dir}/t.json`)).signed;
  assert.deepEqual(written.steps[0].cert_constraints, [{
    common_name: "*",
    dns_names: ["*"],
    emails: ["*"],
    organizations: ["example"],
    roots: ["*"],
    uris: [BUILD_ID],
  }]);
  const lint = await layout("lint", "t.json");
  assert.equal(lint.code, 0, lint.stdout + lint.stderr);
  const signed = await intoto(
    ["sign", "-f", "t.json", "-k", "owner", "-o", "root.layout"],
    { cwd: dir },
  );
  assert.equal(signed.code, 0, signed.stderr);

  const good = await recordBuild(setup, pki.build);
  assert.equal(good.result.code, 0, good.result.stderr);
  const passed = await verify(setup, good.links);
  assert.equal(passed.code, 0, passed.stderr);
  const other = await recordBuild(setup, pki.otherUri);
  assert.equal(other.result.code, 0, other.result.stderr);
  const failed = await verify(setup, other.links);
  assert.equal(failed.code, 1, failed.stderr);
  assert.match(failed.stderr, /spiffe:\/\/example\.org/);
});

Deno.test("layout add-key refuses a leaf certificate, add-step a bad constraint", async () => {
  assert.equal((await layout("init", "u.json", "--expires", "1y")).code, 0);
  const leaf = await layout("add-key", "u.json", pki.build.cert);
  assert.equal(leaf.code, 2, leaf.stderr);
  assert.match(leaf.stderr, /^error: .*is not a CA's/);
  for (
    const [spec, message] of [
      ["uris", /give FIELD=VALUE pairs/],
      ["colour=red", /invalid field "colour"/],
      ["common_name=a,common_name=b", /invalid field "common_name"/],
    ] as const
  ) {
    const result = await layout(
      "add-step",
      "u.json",
      "--name",
      "build",
      "--cert-constraint",
      spec,
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trimEnd().split("\n").length, 1);
  }
  const none = await layout("add-step", "u.json", "--name", "build");
  assert.equal(none.code, 2);
  assert.match(none.stderr, /"-k\/--key" \(or "--cert-constraint"\)/);
});
