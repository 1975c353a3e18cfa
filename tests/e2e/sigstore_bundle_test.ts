// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  conformanceCases,
  outcomeProblem,
} from "../../scripts/sigstore_conformance.ts";
import { execute, intoto, ROOT, tempDir } from "../_helpers.ts";

const SUITE = join(ROOT, "testdata", "sigstore", "conformance");
const GITHUB = join(ROOT, "testdata", "sigstore", "github");
const ATTESTATION = join(GITHUB, "reusable-workflow-attestation.sigstore.json");
const ARTIFACT = join(GITHUB, "reusable-workflow-artifact");
const NPM = join(GITHUB, "sigstore-js-2.1.0-bundle.json");
const NPM_V01 = join(GITHUB, "sigstore-js-2.1.0-bundle-v0.1.json");
const TARBALL = join(GITHUB, "sigstore-js-2.1.0.tgz");
const WORKFLOW =
  "github/artifact-attestations-workflows/.github/workflows/attest.yml";
const NPM_IDENTITY =
  "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main";
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

function oneError(stderr: string, pattern: RegExp): void {
  const lines = stderr.split("\n").filter((line) => line !== "");
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
}

Deno.test("every vendored sigstore-conformance case gives its verdict", async () => {
  const cases = await conformanceCases(SUITE);
  assert.equal(cases.length, 70);
  const problems: string[] = [];
  for (const kase of cases) {
    const result = await intoto(kase.args);
    const problem = outcomeProblem(kase, result.code, result.stderr);
    if (problem !== undefined) problems.push(`${kase.name}: ${problem}`);
  }
  assert.deepEqual(problems, []);
});

Deno.test("a GitHub attestation verifies by repo and signer workflow", async () => {
  const ok = await intoto([
    "attest",
    "verify",
    "--bundle",
    ATTESTATION,
    "--repo",
    "malancas/attest-demo",
    "--signer-workflow",
    WORKFLOW,
    "--predicate-type",
    "https://slsa.dev/provenance/v1",
    "--",
    ARTIFACT,
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(
    ok.stdout,
    /signed by https:\/\/github.com\/github\/artifact-attestations-workflows\/.*issuer https:\/\/token.actions.githubusercontent.com, log index 96764485, integrated 2024-05-24/,
  );
  const json = await intoto([
    "attest",
    "verify",
    "--bundle",
    ATTESTATION,
    "--signer-workflow",
    WORKFLOW,
    "--json",
    "--",
    ARTIFACT,
  ]);
  assert.equal(json.code, 0, json.stderr);
  const printed = JSON.parse(json.stdout);
  assert.equal(
    printed.statement.predicateType,
    "https://slsa.dev/provenance/v1",
  );
  assert.equal(
    printed.facts.extensions["1.3.6.1.4.1.57264.1.12"],
    "https://github.com/malancas/attest-demo",
  );
});

Deno.test("a GitHub attestation fails with the wrong repo, workflow or artifact", async () => {
  const base = ["attest", "verify", "--bundle", ATTESTATION];
  const cases: [string[], RegExp][] = [
    [[
      "--repo",
      "malancas/other",
      "--signer-workflow",
      WORKFLOW,
      "--",
      ARTIFACT,
    ], /source repository check/],
    [
      ["--repo", "malancas/attest-demo", "--", ARTIFACT],
      /signer repository check/,
    ],
    [[
      "--signer-workflow",
      "github/artifact-attestations-workflows/.github/workflows/attest",
      "--",
      ARTIFACT,
    ], /signer workflow check/],
    [
      ["--signer-workflow", WORKFLOW, "--", TARBALL],
      /subject check.*matches no subject/,
    ],
    [
      ["--signer-workflow", WORKFLOW, "--", `sha256:${"0".repeat(64)}`],
      /subject check/,
    ],
    [[
      "--signer-workflow",
      WORKFLOW,
      "--predicate-type",
      "https://example.com/x",
      "--",
      ARTIFACT,
    ], /predicate type check/],
    [[
      "--signer-workflow",
      WORKFLOW,
      "--certificate-oidc-issuer",
      "https://gitlab.com",
      "--",
      ARTIFACT,
    ], /certificate issuer check/],
  ];
  for (const [args, pattern] of cases) {
    const result = await intoto([...base, ...args]);
    assert.equal(result.code, 1, `${args.join(" ")}: ${result.stderr}`);
    oneError(result.stderr, pattern);
  }
});

Deno.test("npm provenance verifies by identity, v0.3 and v0.1, and not by another", async () => {
  for (const bundle of [NPM, NPM_V01]) {
    const ok = await intoto([
      "attest",
      "verify",
      "--bundle",
      bundle,
      "--certificate-identity",
      NPM_IDENTITY,
      "--certificate-oidc-issuer",
      GITHUB_ISSUER,
      "--",
      TARBALL,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
  }
  const cases: [string[], RegExp][] = [
    // sigstore-js would accept this: its identity match is an unanchored regexp.
    [[
      "--certificate-identity-regexp",
      "https://github.com/sigstore/sigstore-js",
      "--certificate-oidc-issuer",
      GITHUB_ISSUER,
    ], /certificate identity check/],
    [[
      "--certificate-identity",
      "https://github.com/sigstore/sigstore-js/",
      "--certificate-oidc-issuer",
      GITHUB_ISSUER,
    ], /certificate identity check/],
    [["--repo", "sigstore/cosign"], /source repository check/],
  ];
  for (const [policy, pattern] of cases) {
    const result = await intoto([
      "attest",
      "verify",
      "--bundle",
      NPM,
      ...policy,
      "--",
      TARBALL,
    ]);
    assert.equal(result.code, 1, result.stderr);
    oneError(result.stderr, pattern);
  }
  const regexp = await intoto([
    "attest",
    "verify",
    "--bundle",
    NPM,
    "--certificate-identity-regexp",
    "https://github\\.com/sigstore/sigstore-js/.*",
    "--certificate-oidc-issuer-regexp",
    "https://token\\.actions\\.githubusercontent\\.com",
    "--",
    TARBALL,
  ]);
  assert.equal(regexp.code, 0, regexp.stderr);
});

Deno.test("tampered bundles fail closed with one error line", async () => {
  const dir = await tempDir();
  try {
    const npm = JSON.parse(await Deno.readTextFile(NPM));
    const variants: [string, (bundle: typeof npm) => void, RegExp][] = [
      ["forged-log-entry", (b) => {
        const entry = b.verificationMaterial.tlogEntries[0];
        entry.logIndex = String(Number(entry.logIndex) + 1);
      }, /transparency log/],
      ["forged-body", (b) => {
        const entry = b.verificationMaterial.tlogEntries[0];
        entry.canonicalizedBody = btoa("{}");
      }, /transparency log/],
      // With no SET and no RFC 3161 token nothing vouches for a signing
      // time inside the certificate's ten minutes.
      ["expired-no-timestamp", (b) => {
        delete b.verificationMaterial.tlogEntries[0].inclusionPromise;
      }, /timestamp check/],
      ["unknown-media-type", (b) => {
        b.mediaType = "application/vnd.dev.sigstore.bundle.v0.30+json";
      }, /media type/],
    ];
    for (const [name, change, pattern] of variants) {
      const copy = structuredClone(npm);
      change(copy);
      const path = join(dir, `${name}.json`);
      await Deno.writeTextFile(path, JSON.stringify(copy));
      const result = await intoto([
        "attest",
        "verify",
        "--bundle",
        path,
        "--repo",
        "sigstore/sigstore-js",
        "--",
        TARBALL,
      ]);
      assert.ok(
        result.code === 1 || result.code === 2,
        `${name}: ${result.code}`,
      );
      oneError(result.stderr, pattern);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a message signature verifies against a file or its sha256", async () => {
  const bundle = join(SUITE, "happy-path-v0.3", "bundle.sigstore.json");
  const text = join(SUITE, "a.txt");
  const digest = Array.from(
    new Uint8Array(
      await crypto.subtle.digest("SHA-256", await Deno.readFile(text)),
    ),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  const policy = [
    "--certificate-identity",
    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
    "--certificate-oidc-issuer",
    GITHUB_ISSUER,
  ];
  for (const artifact of [text, `sha256:${digest}`]) {
    const ok = await intoto([
      "attest",
      "verify",
      "--bundle",
      bundle,
      ...policy,
      "--",
      artifact,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
  }
  const wrong = await intoto([
    "attest",
    "verify",
    "--bundle",
    bundle,
    ...policy,
    "--",
    `sha256:${"1".repeat(64)}`,
  ]);
  assert.equal(wrong.code, 1);
  oneError(wrong.stderr, /message digest check/);
  const keyed = await intoto([
    "attest",
    "verify",
    "--bundle",
    bundle,
    "-k",
    join(SUITE, "managed-key-happy-path", "key.pub"),
    "--",
    text,
  ]);
  assert.equal(keyed.code, 1);
  oneError(keyed.stderr, /public key check: it is signed with a certificate/);
});

Deno.test("a bundle without a policy or artifacts is a usage error", async () => {
  const noPolicy = await intoto([
    "attest",
    "verify",
    "--bundle",
    NPM,
    "--",
    TARBALL,
  ]);
  assert.equal(noPolicy.code, 2);
  oneError(noPolicy.stderr, /needs a policy/);
  const identityOnly = await intoto([
    "attest",
    "verify",
    "--bundle",
    NPM,
    "--certificate-identity",
    NPM_IDENTITY,
    "--",
    TARBALL,
  ]);
  assert.equal(identityOnly.code, 2);
  for (
    const args of [
      [
        "--bundle",
        NPM,
        "-a",
        NPM,
        "--repo",
        "sigstore/sigstore-js",
        "--",
        TARBALL,
      ],
      ["-a", NPM, "--repo", "sigstore/sigstore-js", "--", TARBALL],
      [
        "--bundle",
        NPM,
        "--certificate-identity-regexp",
        "(",
        "--certificate-oidc-issuer",
        GITHUB_ISSUER,
        "--",
        TARBALL,
      ],
      ["--bundle", NPM, "-k", TARBALL, "--", TARBALL],
      [
        "--bundle",
        NPM,
        "--repo",
        "sigstore/sigstore-js",
        "--trusted-root",
        TARBALL,
        "--",
        TARBALL,
      ],
      ["--bundle", TARBALL, "--repo", "sigstore/sigstore-js", "--", TARBALL],
    ]
  ) {
    const result = await intoto(["attest", "verify", ...args]);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    oneError(result.stderr, /./);
  }
  const noArtifact = await intoto([
    "attest",
    "verify",
    "--bundle",
    NPM,
    "--repo",
    "sigstore/sigstore-js",
  ]);
  assert.equal(noArtifact.code, 2);
  oneError(noArtifact.stderr, /artifacts/);
});

Deno.test("bundle verification and trusted-root run under --allow-read alone", async () => {
  const cli = join(ROOT, "cli.ts");
  const run = (args: string[]) =>
    execute([
      Deno.execPath(),
      "run",
      "--quiet",
      "--no-prompt",
      "--allow-read",
      cli,
      ...args,
    ]);
  const ok = await run([
    "attest",
    "verify",
    "--bundle",
    NPM,
    "--repo",
    "sigstore/sigstore-js",
    "--",
    TARBALL,
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stderr, "");
  const root = await run(["attest", "trusted-root"]);
  assert.equal(root.code, 0, root.stderr);
  assert.match(
    root.stdout,
    /embedded Sigstore public-good root, last changed 2025-09-22/,
  );
  const custom = await run([
    "attest",
    "trusted-root",
    "--trusted-root",
    join(
      SUITE,
      "trust-root-tlog-missing-validity-start_fail",
      "trusted_root.json",
    ),
  ]);
  assert.equal(custom.code, 2);
  oneError(custom.stderr, /no validFor.start/);
});
