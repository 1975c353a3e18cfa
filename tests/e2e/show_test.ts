// Copyright 2026 the intoto authors. Apache-2.0 license.
// `intoto show` over every input kind: layouts signed by in-toto-sign 1.3.1,
// links made by in-toto-run 1.3.1, the reference's DSSE and GPG demos,
// in-toto-golang's ITE-7 layout, certificate-signed links, link
// attestations, Statements and Sigstore bundles; and bad input.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  execute,
  FIXTURES,
  intoto,
  reference,
  ROOT,
  type RunResult,
  tempDir,
} from "../_helpers.ts";
import { demo } from "./_demo.ts";
import { ite7, onlyLink, recordBuild, writeLayout } from "./_ite7.ts";

const DEMO = join(FIXTURES, "demo_files");
const GOLANG = join(ROOT, "testdata", "in-toto-golang");
const SIGSTORE = join(ROOT, "testdata", "sigstore");
const RSA_RING = join(FIXTURES, "gpg_keyrings", "rsa");
/** The GPG demo layout's signer (its subkey c5a0abe6 signed). */
const GPG_OWNER = "8465A1E2E0FB2B40ADB2478E18FB3F537E0C8A17";

/** Exit 0 and the printed lines. */
function lines(result: RunResult): string[] {
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trimEnd().split("\n");
}

/** Each expected line is printed, in this order. */
function assertLines(printed: string[], expected: (string | RegExp)[]): void {
  let at = 0;
  for (const line of expected) {
    const index = printed.findIndex((candidate, position) =>
      position >= at &&
      (typeof line === "string" ? candidate === line : line.test(candidate))
    );
    assert.ok(
      index >= 0,
      `missing ${line} after line ${at}:\n${printed.join("\n")}`,
    );
    at = index + 1;
  }
}

/** Exit 2, and one `error:` line that quotes the file. */
function assertBadInput(result: RunResult, file: string, pattern: RegExp) {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, "");
  const errors = result.stderr.trimEnd().split("\n");
  assert.equal(errors.length, 1, result.stderr);
  assert.match(errors[0]!, /^error: /);
  assert.ok(errors[0]!.includes(`"${file}"`), errors[0]);
  assert.match(errors[0]!, pattern);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

Deno.test("show prints the demo layout signed by in-toto-sign: keys, steps, rules, inspections, expiry", async () => {
  const dir = await demo();
  const printed = lines(await intoto(["show", "root.layout"], { cwd: dir }));
  assertLines(printed, [
    "root.layout: layout in a metablock",
    "metablock: 1 signature",
    "  signed by 556caebd (not checked: no key given)",
    "layout",
    /^ {2}expires 2099-01-01T00:00:00Z \(in \d+ days\)$/,
    "  keys: 2",
    /^ {4}(2f89b927|776a00e2) {2}rsa rsassa-pss-sha256$/,
    "  steps: 2",
    "    write-code",
    "      functionaries: 776a00e2; threshold 1",
    "      expected command: (none)",
    "      materials: 0 rules",
    "      products: 1 rule",
    "        CREATE foo.py",
    "    package",
    "      functionaries: 2f89b927; threshold 1",
    "      expected command: tar zcvf foo.tar.gz foo.py",
    "      materials: 1 rule",
    "        MATCH foo.py WITH PRODUCTS FROM write-code",
    "      products: 2 rules",
    "        CREATE foo.tar.gz",
    "        ALLOW foo.py",
    "  inspections: 1",
    "    untar",
    "      run: tar xfz foo.tar.gz",
    "        MATCH foo.tar.gz WITH PRODUCTS FROM package",
  ]);
});

Deno.test("show -k says verified with the owner's key, NOT verified with another key (exit 1)", async () => {
  const dir = await demo();
  const good = await intoto(["show", "root.layout", "-k", "alice.pub"], {
    cwd: dir,
  });
  assertLines(lines(good), [
    "  signed by 556caebd (verified with alice.pub)",
  ]);
  const bad = await intoto(["show", "root.layout", "-k", "bob.pub"], {
    cwd: dir,
  });
  assert.equal(bad.code, 1, bad.stderr);
  assertLines(bad.stdout.split("\n"), [
    "  signed by 556caebd (NOT verified by any key given)",
    "layout",
  ]);
  assert.match(
    bad.stderr,
    /^NOT verified: no key given verifies the metablock$/m,
  );
  const both = await intoto(
    ["show", "root.layout", "-k", "bob.pub", "alice.pub"],
    { cwd: dir },
  );
  assertLines(lines(both), ["  signed by 556caebd (verified with alice.pub)"]);
});

Deno.test("show marks an expired layout EXPIRED with the time since", async () => {
  const dir = await demo({
    edit: 'layout["expires"] = "2020-01-01T00:00:00Z"',
  });
  const printed = lines(await intoto(["show", "root.layout"], { cwd: dir }));
  assertLines(printed, [
    /^ {2}expires 2020-01-01T00:00:00Z \(EXPIRED \d+ days ago\)$/,
  ]);
});

Deno.test("show prints links made by in-toto-run 1.3.1: command, return value, streams, digests", async () => {
  const dir = await tempDir("demo_files/alice", "demo_files/alice.pub");
  await Deno.writeTextFile(join(dir, "in.txt"), "input\n");
  await Deno.writeTextFile(join(dir, "out.txt"), "hello\n");
  const run = await reference("in-toto-run", [
    "-s",
    "-n",
    "build",
    "-k",
    "alice",
    "-m",
    "in.txt",
    "-p",
    "out.txt",
    "--",
    "sh",
    "-c",
    'echo made; printf "one\\ntwo\\n" >&2; exit 3',
  ], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  const printed = lines(
    await intoto(["show", "build.556caebd.link", "-k", "alice.pub"], {
      cwd: dir,
    }),
  );
  assertLines(printed, [
    "build.556caebd.link: link in a metablock",
    "  signed by 556caebd (verified with alice.pub)",
    'link "build"',
    '  command: sh -c "echo made; printf \\"one\\\\ntwo\\\\n\\" >&2; exit 3"',
    "  return value: 3",
    '  stdout: "made" (1 line, 5 bytes)',
    '  stderr: "one"… (2 lines, 8 bytes)',
    "  environment: none",
    "  materials: 1",
    `    in.txt  sha256:${sha256("input\n")}`,
    "  products: 1",
    `    out.txt  sha256:${sha256("hello\n")}`,
  ]);
});

Deno.test("show prints the reference's DSSE link and its --json is the validated link", async () => {
  const path = join(FIXTURES, "demo_dsse_files", "package.2f89b927.link");
  const printed = lines(await intoto(["show", path]));
  assertLines(printed, [
    `${path}: link in a DSSE envelope`,
    "DSSE envelope (application/vnd.in-toto+json): 1 signature",
    "  signed by 2f89b927 (not checked: no key given)",
    'link "package"',
    "  command: tar zcvf foo.tar.gz foo.py",
  ]);
  const json = await intoto([
    "show",
    path,
    "--json",
    "-k",
    join(DEMO, "carl.pub"),
  ]);
  assert.equal(json.code, 0, json.stderr);
  const shown = JSON.parse(json.stdout);
  const envelope = JSON.parse(await Deno.readTextFile(path));
  const payload = JSON.parse(atob(envelope.payload));
  assert.equal(shown.type, "link");
  assert.deepEqual(shown.document, payload);
  assert.deepEqual(shown.layers, [{
    format: "dsse",
    payloadType: "application/vnd.in-toto+json",
    signatures: [{
      keyid: envelope.signatures[0].keyid,
      verified: true,
      verifiedWith: [join(DEMO, "carl.pub")],
    }],
  }]);
});

Deno.test("show prints the reference's GPG demo layout and checks it with --gpg", async () => {
  const path = join(FIXTURES, "demo_files_gpg", "demo.layout");
  const printed = lines(
    await intoto(["show", path, "--gpg", GPG_OWNER, "--gpg-home", RSA_RING]),
  );
  assertLines(printed, [
    "  signed by GPG key c5a0abe6 (verified with GPG key 8465a1e2)",
    "  keys: 2",
    "    7b3abb26  GPG rsa pgp+rsa-pkcsv1.5",
    "    8288ef56  GPG rsa pgp+rsa-pkcsv1.5",
  ]);
  const json = JSON.parse((await intoto(["show", path, "--json"])).stdout);
  const signed = JSON.parse(await Deno.readTextFile(path));
  assert.deepEqual(json.layers[0].signatures[0], {
    keyid: signed.signatures[0].keyid,
    gpg: true,
    verified: null,
    notChecked: "no key given",
  });
});

Deno.test("show prints in-toto-golang's ITE-7 layout: rootcas, intermediatecas, cert_constraints", async () => {
  const path = join(GOLANG, "demo.layout");
  const printed = lines(
    await intoto(["show", path, "-k", join(GOLANG, "alice.pub")]),
  );
  assertLines(printed, [
    /^ {2}signed by [0-9a-f]{8} \(verified with .*alice\.pub\)$/,
    "  rootcas: 1",
    /^ {4}da6360ef {2}O=example, OU=exampleCN=root, valid 2021-08-31T\d\d:\d\d:\d\dZ to 2031-08-29T/,
    "  intermediatecas: 1",
    /^ {4}a6c9536b {2}.*CN=example\.com/,
    "    write-code",
    "      functionaries: b7d643de; threshold 1",
    '      certificates: common_name "write-code.example.com"; organizations example; uris spiffe://example.com/write-code; dns_names none; emails none; roots da6360ef',
  ]);
});

Deno.test("show names the certificate of a link signed by an X.509 functionary", async () => {
  const setup = await ite7();
  await writeLayout(setup);
  const { links, result } = await recordBuild(setup, setup.pki.build);
  assert.equal(result.code, 0, result.stderr);
  const printed = lines(await intoto(["show", await onlyLink(links)]));
  assertLines(printed, [
    /^ {2}signed by [0-9a-f]{8} with a certificate \(not checked: no key given\)$/,
    /^ {4}subject: .*CN=build\.example\.org/,
    "    SAN: URI spiffe://example.org/ns/ci/build",
    /^ {4}issuer: .*/,
    'link "build"',
    "  command: true",
  ]);
});

Deno.test("show prints a link attestation by intoto run --attest as a Statement and a link", async () => {
  const dir = await tempDir("demo_files/alice", "demo_files/alice.pub");
  await Deno.writeTextFile(join(dir, "out.txt"), "built\n");
  const run = await intoto(
    [
      "run",
      "--attest",
      "-n",
      "build",
      "-k",
      "alice",
      "-p",
      "out.txt",
      "--",
      "true",
    ],
    { cwd: dir },
  );
  assert.equal(run.code, 0, run.stderr);
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  const file = names.find((name) => name.startsWith("build."))!;
  const printed = lines(
    await intoto(["show", file, "-k", "alice.pub"], { cwd: dir }),
  );
  assertLines(printed, [
    `${file}: in-toto Statement (link attestation) in a DSSE envelope`,
    /^ {2}signed by [0-9a-f]{8} \(verified with alice\.pub\)$/,
    "in-toto Statement https://in-toto.io/Statement/v1",
    "  predicate type: https://in-toto.io/attestation/link/v0.3",
    'link "build"',
    "  command: true",
    "  products: 1",
    `    out.txt  sha256:${sha256("built\n")}`,
  ]);
});

Deno.test("show prints an unsigned Statement: subjects and a compact predicate, cut after 40 fields", async () => {
  const dir = await tempDir();
  const predicate = {
    builder: { id: "https://example.com/builder" },
    steps: Array.from({ length: 50 }, (_, index) => `step ${index}`),
  };
  await Deno.writeTextFile(
    join(dir, "statement.json"),
    JSON.stringify({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "app.tgz", digest: { sha256: "ab".repeat(32) } }],
      predicateType: "https://example.com/custom/v1",
      predicate,
    }),
  );
  const result = await intoto(["show", "statement.json"], { cwd: dir });
  assertLines(lines(result), [
    "statement.json: unsigned in-toto Statement",
    "  predicate type: https://example.com/custom/v1",
    "  subjects: 1",
    `    app.tgz  sha256:${"ab".repeat(32)}`,
    "  predicate:",
    '    builder.id: "https://example.com/builder"',
    '    steps[38]: "step 38"',
    '    … 11 more field(s) (see "--json")',
  ]);
  const keyed = await intoto(
    ["show", "statement.json", "-k", join(DEMO, "alice.pub")],
    { cwd: dir },
  );
  assert.equal(keyed.code, 1, keyed.stderr);
  assert.match(keyed.stderr, /no key given verifies the unsigned document/);
});

Deno.test("show prints a Sigstore DSSE bundle: certificate identity, log entries, envelope, Statement", async () => {
  const path = join(
    SIGSTORE,
    "conformance",
    "happy-path-intoto-in-dsse-v3",
    "bundle.sigstore.json",
  );
  assertLines(lines(await intoto(["show", path])), [
    `${path}: in-toto Statement in a DSSE envelope in a Sigstore bundle`,
    "Sigstore bundle application/vnd.dev.sigstore.bundle.v0.3+json",
    "  signed by certificate:",
    "    SAN: URI https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
    "    issuer: O=sigstore.dev, CN=sigstore-intermediate",
    "    OIDC issuer: https://token.actions.githubusercontent.com",
    "  transparency log entries: 1",
    "    log index 155690850: dsse 0.0.1, integrated 2024-12-16T18:42:56Z, inclusion proof, signed entry timestamp",
    "DSSE envelope (application/vnd.in-toto+json): 1 signature",
    "  signed by (no keyid) with the bundle's certificate (not checked: no key given)",
    "  predicate type: https://slsa.dev/provenance/v1",
    /^ {4}a\.txt {2}sha256:a0cfc712/,
    '    runDetails.builder.id: "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main"',
  ]);
});

Deno.test("show -k checks a bundle's DSSE signature with the certificate's key; a file signature stays unchecked (exit 1)", async () => {
  const dir = await tempDir();
  const conformance = join(SIGSTORE, "conformance");
  const path = join(
    conformance,
    "happy-path-intoto-in-dsse-v3",
    "bundle.sigstore.json",
  );
  const bundle = JSON.parse(await Deno.readTextFile(path));
  const der = join(dir, "leaf.der");
  await Deno.writeFile(
    der,
    Uint8Array.fromBase64(bundle.verificationMaterial.certificate.rawBytes),
  );
  const leaf = join(dir, "leaf.pub");
  const openssl = await execute([
    "openssl",
    "x509",
    "-inform",
    "der",
    "-in",
    der,
    "-pubkey",
    "-noout",
    "-out",
    leaf,
  ]);
  assert.equal(openssl.code, 0, openssl.stderr);
  const managed = join(conformance, "managed-key-happy-path");
  assertLines(lines(await intoto(["show", path, "-k", leaf])), [
    `  signed by (no keyid) with the bundle's certificate (verified with ${leaf})`,
  ]);
  const other = await intoto(["show", path, "-k", join(managed, "key.pub")]);
  assert.equal(other.code, 1, other.stderr);
  assert.match(other.stdout, /NOT verified by any key given/);
  assert.match(other.stderr, /no key given verifies the DSSE envelope/);
  const file = await intoto([
    "show",
    join(managed, "bundle.sigstore.json"),
    "-k",
    join(managed, "key.pub"),
  ]);
  assert.equal(file.code, 1, file.stderr);
  assert.match(
    file.stderr,
    /no key given verifies the bundle's file signature/,
  );
});

Deno.test("show prints key-signed and v0.1 Sigstore bundles", async () => {
  const keyed = join(
    SIGSTORE,
    "conformance",
    "managed-key-happy-path",
    "bundle.sigstore.json",
  );
  assertLines(lines(await intoto(["show", keyed])), [
    `${keyed}: signature over a file in a Sigstore bundle`,
    '  signed by a public key (hint "TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=")',
    "  RFC 3161 timestamps: 1",
    `  content: a signature over a file with sha256:${
      sha256(await Deno.readTextFile(join(SIGSTORE, "conformance", "a.txt")))
    } (not checked: it needs the file)`,
  ]);
  const old = join(SIGSTORE, "github", "sigstore-js-2.1.0-bundle-v0.1.json");
  const json = JSON.parse((await intoto(["show", old, "--json"])).stdout);
  assert.equal(json.type, "statement");
  assert.equal(json.layers[0].format, "sigstore-bundle");
  assert.equal(
    json.layers[0].signer.certificate.uris[0],
    "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main",
  );
  assert.equal(json.layers[1].format, "dsse");
  assert.equal(json.document.subject[0].name, "pkg:npm/sigstore@2.1.0");
});

Deno.test("show: bad input gets one error line quoting the file, exit 2", async () => {
  const dir = await tempDir();
  const files: [string, string, RegExp][] = [
    ["text.txt", "not json", /Cannot parse .*; give a layout or link/],
    ["array.json", "[1]", /it is not an object; give a layout/],
    ["empty.json", "{}", /has no "_type", "signatures" or "mediaType"/],
    ["other.json", '{"_type": "sbom"}', /"_type" is "sbom", not "layout"/],
    [
      "bundle.json",
      '{"mediaType": "application/vnd.dev.sigstore.bundle.v9+json"}',
      /not a Sigstore bundle intoto reads: media type/,
    ],
    [
      "envelope.json",
      '{"payload": "e30=", "payloadType": "text/plain", "signatures": []}',
      /payloadType must be "application\/vnd\.in-toto\+json"/,
    ],
    [
      "link.json",
      '{"signed": {"_type": "link", "name": "x"}, "signatures": []}',
      /Invalid link .* command/,
    ],
  ];
  for (const [name, text, pattern] of files) {
    await Deno.writeTextFile(join(dir, name), text);
    assertBadInput(await intoto(["show", name], { cwd: dir }), name, pattern);
  }
  assertBadInput(
    await intoto(["show", "missing.layout"], { cwd: dir }),
    "missing.layout",
    /no such file/,
  );
  const usage = await intoto(["show"]);
  assert.equal(usage.code, 2);
  assert.equal(
    usage.stderr,
    'error: missing FILE (see "intoto show --help")\n',
  );
});

Deno.test("intoto completions bash offers show and its options", async () => {
  const result = await intoto(["completions", "bash"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /\bshow\b/);
  assert.match(result.stdout, /--gpg-home/);
});
