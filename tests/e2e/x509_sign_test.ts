// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * ITE-7 signing through the CLI (run, record, sign with --cert and
 * --cert-chain, in both formats), and the strict validation of layouts
 * with rootcas, intermediatecas and cert_constraints.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto } from "../_helpers.ts";
import {
  ite7,
  ite7Layout,
  type LayoutObject,
  onlyLink,
  recordBuild,
  verify,
  writeLayout,
} from "./_ite7.ts";

const setup = await ite7();
const { pki, dir } = setup;
await writeLayout(setup);

Deno.test("run --use-dsse and --attest carry the certificate in the envelope and verify", async () => {
  for (const format of ["--use-dsse", "--attest"]) {
    const { links, result } = await recordBuild(setup, pki.build, [format]);
    assert.equal(result.code, 0, result.stderr);
    const envelope = JSON.parse(await Deno.readTextFile(await onlyLink(links)));
    assert.equal(
      envelope.signatures[0].cert,
      await Deno.readTextFile(pki.build.cert),
    );
    const verified = await verify(setup, links);
    assert.equal(verified.code, 0, `${format}: ${verified.stderr}`);
  }
});

Deno.test("--cert-chain sends the intermediate along: the layout needs no intermediatecas", async () => {
  await writeLayout(
    setup,
    (layout) => delete layout.intermediatecas,
    "roots-only.layout",
  );
  const bare = await recordBuild(setup, pki.build);
  const without = await verify(setup, bare.links, [], "roots-only.layout");
  assert.equal(without.code, 1);
  assert.match(without.stderr, /fails the issuer check/);
  const { links, result } = await recordBuild(setup, pki.build, [
    "--cert-chain",
    pki.intermediate.cert,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const link = JSON.parse(await Deno.readTextFile(await onlyLink(links)));
  assert.equal(
    link.signatures[0].cert,
    await Deno.readTextFile(pki.build.cert) +
      await Deno.readTextFile(pki.intermediate.cert),
  );
  const verified = await verify(setup, links, [], "roots-only.layout");
  assert.equal(verified.code, 0, verified.stderr);
});

Deno.test("sign --cert and record start/stop --cert write certificate links that verify", async () => {
  const links = await Deno.makeTempDir({ dir, prefix: "links-" });
  const key = ["-k", pki.build.key, "--cert", pki.build.cert];
  const start = await intoto(["record", "start", "-n", "build", ...key], {
    cwd: links,
  });
  assert.equal(start.code, 0, start.stderr);
  await Deno.copyFile(join(dir, "out.txt"), join(links, "out.txt"));
  const stop = await intoto(
    ["record", "stop", "-n", "build", ...key, "-p", "out.txt"],
    { cwd: links },
  );
  assert.equal(stop.code, 0, stop.stderr);
  await Deno.remove(join(links, "out.txt"));
  const recorded = await onlyLink(links);
  const verified = await verify(setup, links);
  assert.match(verified.stderr, /ran \[\], but the layout expects \["true"\]/);
  assert.equal(verified.code, 0, verified.stderr);
  // Re-signed by sign: the same name, now from sign.
  await Deno.rename(recorded, join(dir, "unsigned.link"));
  const signed = await intoto(
    ["sign", "-f", "unsigned.link", ...key, "-o", recorded],
    { cwd: dir },
  );
  assert.equal(signed.code, 0, signed.stderr);
  assert.equal((await verify(setup, links)).code, 0);
});

Deno.test("signing refuses a certificate of another key, bad files and misuse, with exit 2", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["-k", pki.build.key, "--cert", pki.build2.cert],
      /Cannot sign with certificate ".*build2\.pem": the signing key does not match the public key of certificate "CN=build\.example\.org, O=example" \(serial [0-9a-f]+\): give the key the certificate was issued for/,
    ],
    [
      ["-k", pki.build.key, "--cert", pki.build.key],
      /Cannot load certificate ".*build\.key": PEM block 1 is "PRIVATE KEY", not "CERTIFICATE"/,
    ],
    [
      ["-k", pki.rsa1024.key, "--cert", pki.rsa1024.cert],
      /RSA key of 1024 bits is too small/,
    ],
    [
      ["-k", pki.build.key, "--cert", join(dir, "missing.pem")],
      /missing\.pem/,
    ],
    [
      ["-k", pki.build.key, "--cert-chain", pki.intermediate.cert],
      /option "--cert-chain" needs "--cert"/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = await intoto(
      ["run", "-n", "build", ...args, "-p", "out.txt", "--", "true"],
      { cwd: dir },
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  }
  const two = await intoto([
    "sign",
    "-f",
    "root.layout",
    "-k",
    "owner",
    pki.build.key,
    "--cert",
    pki.build.cert,
    "-o",
    "x.layout",
  ], { cwd: dir });
  assert.equal(two.code, 2);
  assert.match(two.stderr, /option "--cert" takes exactly one key file/);
});

Deno.test("layouts with bad ITE-7 fields are refused with exit 2, naming the field", async () => {
  const [rootId] = Object.keys(setup.rootcas);
  const leafEntry = JSON.parse(
    (await intoto(["key", "id", "--json", pki.build.cert])).stdout,
  );
  const cases: [(layout: LayoutObject) => void, RegExp][] = [
    [
      (layout) =>
        layout.rootcas[rootId!].keyval.certificate =
          "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
      /at rootcas(\.[0-9a-f]{64}|\["[0-9a-f]{64}"\])\.keyval\.certificate: malformed DER/,
    ],
    [
      (layout) => layout.rootcas[rootId!].keyval.certificate = "not a PEM",
      /keyval\.certificate: no complete PEM block found/,
    ],
    [
      (layout) => layout.rootcas = leafEntry,
      /certificate "CN=build\.example\.org, O=example" \(serial [0-9a-f]+\) is not a CA/,
    ],
    [
      (layout) =>
        layout.intermediatecas = { [rootId!]: setup.rootcas[rootId!] },
      /ok/,
    ],
    [
      (layout) => {
        const [id] = Object.keys(layout.intermediatecas);
        layout.intermediatecas[id!].keyid = rootId;
      },
      /differs from the entry's name/,
    ],
    [
      (layout) => {
        const [id] = Object.keys(layout.intermediatecas);
        layout.intermediatecas = { [rootId!]: layout.intermediatecas[id!] };
        layout.intermediatecas[rootId!].keyid = rootId;
      },
      /is not the keyid of its certificate's key/,
    ],
    [
      (layout) => layout.steps[0].cert_constraints[0].uri = [],
      /cert_constraints\[0\]: unknown field "uri"/,
    ],
    [
      (layout) => layout.steps[0].cert_constraints[0].roots = ["abc"],
      /cert_constraints\[0\]\.roots\[0\]: "abc" is not a keyid of the layout's rootcas/,
    ],
    [
      (layout) =>
        layout.steps[0].cert_constraints[0].uris = ["spiffe://Example.org/x"],
      /uris\[0\]: "spiffe:\/\/Example\.org\/x" is not a valid SPIFFE ID/,
    ],
    [
      (layout) => layout.steps[0].cert_constraints[0].emails = "a@b",
      /cert_constraints\[0\]\.emails: expected an array/,
    ],
    [
      (layout) => delete layout.rootcas,
      /certificate constraints need root CAs, but the layout's rootcas is missing/,
    ],
  ];
  for (const [index, [edit, message]] of cases.entries()) {
    const name = `bad${index}.layout`;
    if (message.source === "ok") {
      // A root also listed as an intermediate is harmless.
      await writeLayout(setup, edit, name);
      continue;
    }
    // sign validates the layout as verify does.
    await Deno.writeTextFile(
      join(dir, name),
      JSON.stringify({ signed: ite7Layout(setup, edit), signatures: [] }),
    );
    const result = await intoto(["sign", "-f", name, "-k", "owner"], {
      cwd: dir,
    });
    assert.equal(result.code, 2, `${name}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
});
