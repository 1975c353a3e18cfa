// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto show` of key material: PEM certificates show what ITE-7 checks
 * and the keyid a layout names them by, key files their keyids in both
 * flavours, GPG exports their fingerprint and subkeys; each agrees with
 * `intoto key id` and with openssl.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { execute, FIXTURES, intoto, ROOT, tempDir } from "../_helpers.ts";
import { withGpgHome } from "../_gpg.ts";
import { makePki } from "../_x509.ts";

const pki = await makePki(await tempDir());

Deno.test("show prints a certificate's identity, validity, usages and layout keyid", async () => {
  const shown = await intoto(["show", pki.build.cert]);
  assert.equal(shown.code, 0, shown.stderr);
  const keyid = (await intoto(["key", "id", pki.build.cert])).stdout
    .split(" ")[0]!;
  const serial = (await execute([
    "openssl",
    "x509",
    "-in",
    pki.build.cert,
    "-noout",
    "-serial",
  ])).stdout.trim().replace("serial=", "").toLowerCase();
  const lines = shown.stdout.trimEnd().split("\n");
  assert.equal(lines[0], `${pki.build.cert}: 1 X.509 certificate(s)`);
  assert.ok(lines.includes("certificate CN=build.example.org, O=example"));
  assert.ok(lines.includes(`  serial: ${serial}`), shown.stdout);
  assert.ok(lines.includes("  CA: no"));
  assert.ok(lines.includes("  key usage: digitalSignature"));
  assert.ok(lines.includes("  extended key usage: codeSigning"));
  assert.ok(lines.includes("  URIs: spiffe://example.org/ns/ci/build"));
  assert.match(shown.stdout, /\(valid now\)/);
  assert.match(shown.stdout, new RegExp(`keyid ${keyid} `));
  const expired = await intoto(["show", pki.expired.cert]);
  assert.match(expired.stdout, /to 2021-01-01T00:00:00Z \(NOT valid now\)/);
  const json = JSON.parse(
    (await intoto(["show", "--json", pki.intermediate.cert])).stdout,
  );
  assert.equal(json.length, 1);
  assert.equal(json[0].ca, true);
  assert.equal(json[0].path_length, 0);
  assert.deepEqual(json[0].key_usage, ["keyCertSign", "cRLSign"]);
});

Deno.test("show prints a key file's keyids, as key id computes them", async () => {
  const key = join(FIXTURES, "demo_files", "alice.pub");
  const shown = await intoto(["show", key]);
  assert.equal(shown.code, 0, shown.stderr);
  const all = (await intoto(["key", "id", "--all", key])).stdout;
  const [legacy, modern] = all.trim().split("\n").map((line) =>
    line.split(" ")[1]!
  );
  assert.equal(
    shown.stdout,
    [
      `${key}: rsa public key (rsassa-pss-sha256)`,
      `  keyid, legacy (in-toto 1.3.1 -k, in-toto-golang): ${legacy}`,
      `  keyid, modern (in-toto 3): ${modern}`,
      `  links it signs are named <step>.${legacy!.slice(0, 8)}.link`,
      "",
    ].join("\n"),
  );
  const json = JSON.parse((await intoto(["show", "--json", key])).stdout);
  assert.deepEqual(json, {
    keyid_legacy: legacy,
    keyid_modern: modern,
    keytype: "rsa",
    scheme: "rsassa-pss-sha256",
  });
});

Deno.test("show prints a GPG export's fingerprint and subkeys", async () => {
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    const owner = "8465A1E2E0FB2B40ADB2478E18FB3F537E0C8A17";
    const key = await home.export(owner, true);
    const shown = await intoto(["show", key]);
    assert.equal(shown.code, 0, shown.stderr);
    const lines = shown.stdout.trimEnd().split("\n");
    assert.equal(lines[0], `${key}: GPG key ${owner.toLowerCase()}`);
    assert.match(lines[1]!, /^ {2}rsa, created \d{4}-/);
    assert.ok(
      lines.slice(2).every((line) => /^ {2}subkey [0-9a-f]{40}: /.test(line)),
    );
  });
});

Deno.test("show still refuses a file that is neither a document nor a key", async () => {
  const result = await intoto(["show", join(ROOT, "README.md")]);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^error: Cannot parse .*README\.md.*give a layout or link/,
  );
  assert.equal(result.stderr.trimEnd().split("\n").length, 1);
});
