// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Interoperability of ITE-7: in-toto-golang's test data (testdata/
 * in-toto-golang, see its NOTICE) verifies, through its pubkey and through
 * a certificate-signed link made with openssl and the reference's canonical
 * JSON; layouts without certificates still verify with in-toto 1.3.1.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  execute,
  intoto,
  python,
  reference,
  ROOT,
  tempDir,
} from "../_helpers.ts";
import { demo } from "./_demo.ts";

const GOLANG = join(ROOT, "testdata", "in-toto-golang");
const LEAF_KEYID =
  "4979dea7a8467cbe0299693703b81d490854143b859a469ec0f6349e7bdf582a";

/** A copy of golang's demo: layout, keys, links, tarball and chain. */
async function golangDemo(): Promise<string> {
  const dir = await tempDir();
  for await (const entry of Deno.readDir(GOLANG)) {
    await Deno.copyFile(join(GOLANG, entry.name), join(dir, entry.name));
  }
  return dir;
}

function verify(dir: string, extra: string[] = []) {
  return intoto(["verify", "-l", "demo.layout", "-k", "alice.pub", ...extra], {
    cwd: dir,
  });
}

/**
 * Replaces dan's write-code link by the same payload signed with the leaf
 * key (RSA-PSS, SHA-256, salt 32, as go-securesystemslib signs) over the
 * reference's canonical JSON, by openssl, with the leaf in "cert".
 */
async function certificateLink(dir: string): Promise<void> {
  const canonical = await python(
    `
import json, sys
from securesystemslib.formats import encode_canonical
link = json.load(open("write-code.b7d643de.link"))
sys.stdout.write(encode_canonical(link["signed"]))
`,
    { cwd: dir },
  );
  assert.equal(canonical.code, 0, canonical.stderr);
  await Deno.writeTextFile(join(dir, "payload"), canonical.stdout);
  const signed = await execute([
    "openssl",
    "dgst",
    "-sha256",
    "-sigopt",
    "rsa_padding_mode:pss",
    "-sigopt",
    "rsa_pss_saltlen:32",
    "-sign",
    "example.com.write-code.key.pem",
    "-out",
    "sig",
    "payload",
  ], { cwd: dir });
  assert.equal(signed.code, 0, signed.stderr);
  const link = JSON.parse(
    await Deno.readTextFile(join(dir, "write-code.b7d643de.link")),
  );
  link.signatures = [{
    keyid: LEAF_KEYID,
    sig: (await Deno.readFile(join(dir, "sig"))).toHex(),
    cert: await Deno.readTextFile(
      join(dir, "example.com.write-code.cert.pem"),
    ),
  }];
  await Deno.writeTextFile(
    join(dir, `write-code.${LEAF_KEYID.slice(0, 8)}.link`),
    JSON.stringify(link, null, 1),
  );
  await Deno.remove(join(dir, "write-code.b7d643de.link"));
}

/** Edits demo.layout's signed part with Python and re-signs it as alice. */
async function resign(dir: string, edit: string): Promise<void> {
  const result = await python(
    `
import json
metablock = json.load(open("demo.layout"))
layout = metablock["signed"]
step = layout["steps"][0]
constraint = step["cert_constraints"][0]
${edit}
metablock["signatures"] = []
json.dump(metablock, open("demo.layout", "w"), indent=1)
`,
    { cwd: dir },
  );
  assert.equal(result.code, 0, result.stderr);
  const signed = await intoto(["sign", "-f", "demo.layout", "-k", "alice"], {
    cwd: dir,
  });
  assert.equal(signed.code, 0, signed.stderr);
}

Deno.test("in-toto-golang's ITE-7 demo layout verifies as it is (its links are key-signed)", async () => {
  const dir = await golangDemo();
  const result = await verify(dir);
  assert.equal(result.code, 0, result.stderr);
});

Deno.test("in-toto-golang's demo verifies through a certificate-signed write-code link alone", async () => {
  const dir = await golangDemo();
  await certificateLink(dir);
  const result = await verify(dir, ["--report", "json"]);
  assert.equal(result.code, 0, result.stderr);
  const step = JSON.parse(result.stdout).steps[0];
  assert.deepEqual(step.keysCounted, [LEAF_KEYID]);
  assert.equal(
    step.links[0].certificate,
    '"CN=write-code.example.com, OU=example, O=example" (serial 2aa3090f4dd8dc94153f3f4056a370938014b258)',
  );
  // Before the chain's validity (2021-08-31), it fails, naming the leaf.
  const early = await verify(dir, ["--at", "2021-08-01T00:00:00Z"]);
  assert.equal(early.code, 1);
  assert.match(
    early.stderr,
    /certificate "CN=write-code\.example\.com, OU=example, O=example" \(serial 2aa3090f4dd8dc94153f3f4056a370938014b258\) fails the validity check: not valid before 2021-08-31T18:32:23Z/,
  );
});

Deno.test("re-signed variants of in-toto-golang's demo pass or fail as they should", async (t) => {
  const cases: [string, string, RegExp | undefined][] = [
    ['constraint["roots"] = ["*"]', "roots *", undefined],
    ['constraint["dns_names"] = ["*"]', "dns_names *", undefined],
    ['constraint["common_name"] = "*"', "common_name *", undefined],
    [
      'del layout["intermediatecas"]',
      "no intermediatecas",
      /fails the issuer check: its issuer "O=example, OU=exampleCN=example\.com" is none of the trusted/,
    ],
    [
      'constraint["common_name"] = "other.example.com"',
      "another common name",
      /common_name: the certificate has "write-code\.example\.com", the constraint allows "other\.example\.com"/,
    ],
    [
      'constraint["organizations"] = []',
      "organizations empty",
      /organizations: the certificate has "example", the constraint allows none/,
    ],
    [
      'constraint["uris"] = ["spiffe://example.com/write-code", "spiffe://example.com/other"]',
      "a URI more",
      /uris: the certificate lacks "spiffe:\/\/example\.com\/other"/,
    ],
    [
      'constraint["roots"] = []',
      "roots empty",
      /roots: the constraint allows no root/,
    ],
  ];
  for (const [edit, name, failure] of cases) {
    await t.step(name, async () => {
      const dir = await golangDemo();
      await certificateLink(dir);
      await resign(dir, edit);
      const result = await verify(dir);
      if (failure === undefined) {
        assert.equal(result.code, 0, result.stderr);
        return;
      }
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, failure);
    });
  }
});

Deno.test("in-toto-verify 1.3.1 still verifies a layout without certificates that intoto signed", async () => {
  const directory = await demo({ sign: "ours" });
  const layout = JSON.parse(
    await Deno.readTextFile(join(directory, "root.layout")),
  );
  assert.deepEqual(Object.keys(layout.signatures[0]).sort(), ["keyid", "sig"]);
  const result = await reference(
    "in-toto-verify",
    ["-l", "root.layout", "-k", "alice.pub"],
    { cwd: directory },
  );
  assert.equal(result.code, 0, result.stderr);
});
