// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { attestLink } from "../../lib/model/attest_link.ts";
import {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
} from "../../lib/model/link_predicate.ts";
import { SLSA_PROVENANCE_TYPE } from "../../lib/model/slsa_provenance.ts";
import { STATEMENT_TYPE } from "../../lib/model/statement.ts";
import {
  checkSubjects,
  verifyAttestation,
  type VerifyAttestationOptions,
} from "../../lib/verify/attestation.ts";
import { type ErrorCode, isIntotoError } from "../../lib/errors.ts";
import { formatPythonJson } from "../../lib/json/python.ts";
import {
  envelopeToJson,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
} from "../../lib/model/dsse.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import type { Link } from "../../lib/model/link.ts";
import { parseSignedFile } from "../../lib/model/signed_file.ts";
import type { PublicKey, Signer } from "../../lib/crypto/key.ts";
import { loadPublicKey, loadSigner } from "../../lib/crypto/load.ts";
import { FIXTURES, intoto, tempDir } from "../_helpers.ts";

const encoder = new TextEncoder();
const ED25519 = join(FIXTURES, "pems", "ed25519_private_unencrypted.pem");
const ED25519_PUB = join(FIXTURES, "pems", "ed25519_public.pem");
const RSA = join(FIXTURES, "pems", "rsa_private_unencrypted.pem");
const RSA_PUB = join(FIXTURES, "pems", "rsa_public.pem");

const alice: Signer = await loadSigner(ED25519);
const bob: Signer = await loadSigner(RSA);
const alicePub: PublicKey = await loadPublicKey(ED25519_PUB);
const bobPub: PublicKey = await loadPublicKey(RSA_PUB);

const CONTENT = encoder.encode("the release tarball\n");
const CONTENT_SHA256 = await sha256Hex(CONTENT);

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return new Uint8Array(digest).toHex();
}

function statement(overrides: JsonObject = {}): JsonObject {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: "foo.tar.gz", digest: { sha256: CONTENT_SHA256 } }],
    predicateType: "https://example.com/test/v1",
    predicate: { ok: true },
    ...overrides,
  };
}

interface EnvelopeOptions {
  /** The payloadType written in the envelope. */
  payloadType?: string;
  /** The payloadType the signatures cover, when different. */
  signedType?: string;
  /** Sign the raw payload instead of its PAE. */
  raw?: boolean;
  /** The keyid written with every signature. */
  keyid?: string;
}

/** A DSSE envelope built by hand, so that every field can be wrong. */
async function envelope(
  payload: JsonObject | string,
  signers: Signer[],
  options: EnvelopeOptions = {},
): Promise<Uint8Array> {
  const bytes = encoder.encode(
    typeof payload === "string" ? payload : formatPythonJson(payload),
  );
  const payloadType = options.payloadType ?? IN_TOTO_PAYLOAD_TYPE;
  const signed = options.raw
    ? bytes
    : pae(options.signedType ?? payloadType, bytes);
  const signatures = [];
  for (const signer of signers) {
    signatures.push({
      keyid: options.keyid ?? signer.publicKey.keyid,
      sig: await signer.sign(signed),
    });
  }
  return encoder.encode(
    formatPythonJson(
      envelopeToJson({ payload: bytes, payloadType, signatures }),
    ),
  );
}

async function rejects(
  bytes: Uint8Array,
  options: Partial<VerifyAttestationOptions>,
  code: ErrorCode,
  text?: string,
): Promise<void> {
  await assert.rejects(
    verifyAttestation(bytes, { keys: [alicePub], ...options }),
    (error) => {
      assert.ok(isIntotoError(error, code), String(error));
      if (text !== undefined) assert.match(error.message, new RegExp(text));
      return true;
    },
  );
}

Deno.test("verifyAttestation() accepts a statement signed by a given key", async () => {
  const result = await verifyAttestation(
    await envelope(statement(), [alice]),
    { keys: [bobPub, alicePub] },
  );
  assert.equal(result.statement.predicateType, "https://example.com/test/v1");
  assert.deepEqual(result.signers, [alicePub]);
});

Deno.test("verifyAttestation() fails when payloadType changes after signing (S2a)", async () => {
  const bytes = await envelope(statement(), [alice], {
    signedType: "application/vnd.other+json",
  });
  await rejects(bytes, {}, "SIGNATURE_INVALID");
  // Signed for the in-toto type, relabelled: refused before any signature.
  const relabelled = await envelope(statement(), [alice], {
    payloadType: "application/json",
    signedType: IN_TOTO_PAYLOAD_TYPE,
  });
  await rejects(relabelled, {}, "INVALID_METADATA", "payloadType");
});

Deno.test("verifyAttestation() fails on a signature over the raw payload (S2b)", async () => {
  await rejects(
    await envelope(statement(), [alice], { raw: true }),
    {},
    "SIGNATURE_INVALID",
  );
});

Deno.test("verifyAttestation() accepts only the exact payload type (S2c)", async () => {
  for (
    const payloadType of [
      "application/vnd.in-toto+JSON",
      "application/vnd.in-toto+json ",
      "application/vnd.in-toto+json; charset=utf-8",
      "application/json",
      "",
    ]
  ) {
    await rejects(
      await envelope(statement(), [alice], { payloadType }),
      {},
      "INVALID_METADATA",
    );
  }
});

Deno.test("verifyAttestation() treats keyids as hints only (S3)", async () => {
  // An empty keyid: still a valid signature by alice.
  const empty = await envelope(statement(), [alice], { keyid: "" });
  assert.deepEqual(
    (await verifyAttestation(empty, { keys: [alicePub] })).signers,
    [alicePub],
  );
  // Alice's signature labelled with bob's keyid counts for alice, never bob.
  const wrong = await envelope(statement(), [alice], { keyid: bobPub.keyid });
  assert.deepEqual(
    (await verifyAttestation(wrong, { keys: [bobPub, alicePub] })).signers,
    [alicePub],
  );
  await rejects(wrong, { keys: [bobPub] }, "SIGNATURE_INVALID");
  await rejects(
    wrong,
    { keys: [bobPub, alicePub], threshold: 2 },
    "THRESHOLD_NOT_MET",
  );
});

Deno.test("verifyAttestation() counts a repeated signature once (T1)", async () => {
  const once = await envelope(statement(), [alice]);
  const parsed = JSON.parse(new TextDecoder().decode(once));
  const signature = parsed.signatures[0];
  parsed.signatures = [signature, { ...signature, keyid: bobPub.keyid }];
  const twice = encoder.encode(JSON.stringify(parsed));
  await rejects(
    twice,
    { keys: [alicePub, bobPub], threshold: 2 },
    "THRESHOLD_NOT_MET",
    "1 distinct given key signed it, 2 needed",
  );
  // One key listed twice is one key: threshold 2 cannot be met by it.
  await rejects(
    twice,
    { keys: [alicePub, { ...alicePub, keyid: "f".repeat(64) }], threshold: 2 },
    "USAGE",
    "1 distinct key",
  );
  // Two real signers do meet threshold 2.
  const both = await envelope(statement(), [alice, bob]);
  const result = await verifyAttestation(both, {
    keys: [alicePub, bobPub],
    threshold: 2,
  });
  assert.equal(result.signers.length, 2);
});

Deno.test("verifyAttestation() fails on a validly signed payload that is not a statement (P6)", async () => {
  for (const payload of ["not json", "[]", '"text"', "{}", '{"a":1,"a":2}']) {
    await rejects(
      await envelope(payload, [alice]),
      {},
      "INVALID_METADATA",
    );
  }
  // A link is not a statement either.
  const link = {
    _type: "link",
    name: "x",
    command: [],
    materials: {},
    products: {},
    byproducts: {},
    environment: {},
  };
  await rejects(await envelope(link, [alice]), {}, "INVALID_METADATA", "_type");
});

Deno.test("verifyAttestation() requires the requested predicate type (P7)", async () => {
  const bytes = await envelope(statement(), [alice]);
  await rejects(
    bytes,
    { predicateType: SLSA_PROVENANCE_TYPE },
    "VERIFICATION_FAILED",
    "https://example.com/test/v1",
  );
  const ok = await verifyAttestation(bytes, {
    keys: [alicePub],
    predicateType: "https://example.com/test/v1",
  });
  assert.equal(ok.statement.subject.length, 1);
});

Deno.test("verifyAttestation() fails on a tampered payload (P7)", async () => {
  const bytes = await envelope(statement(), [alice]);
  const parsed = JSON.parse(new TextDecoder().decode(bytes));
  const tampered = formatPythonJson(
    statement({
      subject: [{ name: "foo.tar.gz", digest: { sha256: "0".repeat(64) } }],
    }),
  );
  parsed.payload = encoder.encode(tampered).toBase64();
  await rejects(
    encoder.encode(JSON.stringify(parsed)),
    {},
    "SIGNATURE_INVALID",
  );
});

Deno.test("verifyAttestation() validates link and SLSA predicates", async () => {
  await rejects(
    await envelope(
      statement({ predicateType: LINK_PREDICATE_TYPE, predicate: {} }),
      [alice],
    ),
    {},
    "INVALID_METADATA",
    "predicate.name",
  );
  await rejects(
    await envelope(
      statement({ predicateType: SLSA_PROVENANCE_TYPE, predicate: {} }),
      [alice],
    ),
    {},
    "INVALID_METADATA",
    "buildDefinition",
  );
});

Deno.test("verifyAttestation() refuses a metablock and bad options", async () => {
  const metablock = encoder.encode(
    JSON.stringify({ signed: statement(), signatures: [] }),
  );
  await rejects(metablock, {}, "INVALID_METADATA", "DSSE");
  const bytes = await envelope(statement(), [alice]);
  await rejects(bytes, { keys: [] }, "USAGE");
  await rejects(bytes, { threshold: 0 }, "USAGE");
  await rejects(bytes, { threshold: 1.5 }, "USAGE");
});

Deno.test("verifyAttestation() bounds the signatures (R2)", async () => {
  const bytes = await envelope(statement(), [alice]);
  const parsed = JSON.parse(new TextDecoder().decode(bytes));
  parsed.signatures = new Array(100_000).fill(parsed.signatures[0]);
  const start = performance.now();
  await rejects(
    encoder.encode(JSON.stringify(parsed)),
    {},
    "LIMIT_EXCEEDED",
  );
  assert.ok(performance.now() - start < 2000);
});

Deno.test("checkSubjects() matches files by name, every digest agreeing (P7, A4)", async () => {
  const { statement: verified } = await verifyAttestation(
    await envelope(
      statement({
        subject: [
          { name: "foo.tar.gz", digest: { sha256: CONTENT_SHA256 } },
          { name: "other", digest: { sha256: "1".repeat(64) } },
          { name: "weak", digest: { sha1: "2".repeat(40) } },
        ],
      }),
      [alice],
    ),
    { keys: [alicePub] },
  );
  const digest = { sha256: CONTENT_SHA256 };
  assert.deepEqual(
    checkSubjects(verified, { "foo.tar.gz": digest }).map((m) => m.name),
    ["foo.tar.gz"],
  );
  const mismatch = (fn: () => unknown, text: string) =>
    assert.throws(fn, (error) => {
      assert.ok(isIntotoError(error, "ARTIFACT_MISMATCH"), String(error));
      assert.match(error.message, new RegExp(text));
      return true;
    });
  // Missing subject; digest mismatch; weak-only subject digest.
  mismatch(
    () => checkSubjects(verified, { "bar.tar.gz": digest }),
    "no subject is named",
  );
  mismatch(
    () => checkSubjects(verified, { other: digest }),
    '"other" has sha256',
  );
  mismatch(
    () =>
      checkSubjects(verified, { weak: { ...digest, sha1: "2".repeat(40) } }),
    '"weak" has',
  );
  // By digest, names do not matter.
  assert.deepEqual(
    checkSubjects(verified, { "renamed.tgz": digest }, { matchByDigest: true })
      .map((m) => m.subjects[0]!.name),
    ["foo.tar.gz"],
  );
  mismatch(
    () =>
      checkSubjects(verified, { x: { sha256: "3".repeat(64) } }, {
        matchByDigest: true,
      }),
    "no subject has the digest",
  );
});

Deno.test("attestLink() writes a DSSE link attestation that verifies and converts back", async () => {
  const link: Link = {
    _type: "link",
    name: "package",
    command: ["tar", "czf", "foo.tar.gz", "foo.py"],
    materials: { "foo.py": { sha256: "4".repeat(64) } },
    products: { "foo.tar.gz": { sha256: CONTENT_SHA256 } },
    byproducts: { "return-value": 0, stderr: "", stdout: "" },
    environment: {},
  };
  const bytes = await attestLink(link, alice);
  const file = parseSignedFile(bytes, "package.link");
  assert.equal(file.format, "dsse");
  assert.equal(file.payloadType, IN_TOTO_PAYLOAD_TYPE);
  assert.equal(file.signatures[0]!.keyid, alice.publicKey.keyid);
  const { statement: verified } = await verifyAttestation(
    bytes,
    { keys: [alicePub], predicateType: LINK_PREDICATE_TYPE },
  );
  assert.deepEqual(linkFromStatement(verified), link);
  await assert.rejects(
    attestLink({ ...link, products: {} }, alice),
    (error) => isIntotoError(error, "USAGE"),
  );
});

Deno.test({
  name: "intoto attest verify checks signature, types and files end to end",
  fn: async () => {
    const dir = await tempDir();
    await Deno.writeFile(join(dir, "foo.tar.gz"), CONTENT);
    await Deno.writeFile(join(dir, "evil.tar.gz"), encoder.encode("evil"));
    await Deno.writeFile(
      join(dir, "att.json"),
      await envelope(statement(), [alice]),
    );
    const run = (...args: string[]) =>
      intoto(["attest", "verify", "-a", "att.json", ...args], { cwd: dir });

    let result = await run("-k", ED25519_PUB, "--", "./foo.tar.gz");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), "https://example.com/test/v1");

    result = await run(
      "-k",
      ED25519_PUB,
      "--predicate-type",
      SLSA_PROVENANCE_TYPE,
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^error: .*predicate type/m);

    result = await run("foo.tar.gz", "-k", RSA_PUB);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /no given key signed it/);

    result = await run("evil.tar.gz", "-k", ED25519_PUB);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /no subject is named "evil.tar.gz"/);

    result = await run(
      "-k",
      ED25519_PUB,
      "--match-by-digest",
      "--",
      "evil.tar.gz",
    );
    assert.equal(result.code, 1, result.stderr);

    await Deno.rename(join(dir, "foo.tar.gz"), join(dir, "renamed.tgz"));
    result = await run("--match-by-digest", "renamed.tgz", "-k", ED25519_PUB);
    assert.equal(result.code, 0, result.stderr);

    await Deno.writeFile(join(dir, "foo.tar.gz"), encoder.encode("tampered"));
    result = await run("foo.tar.gz", "-k", ED25519_PUB);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /"foo.tar.gz" has sha256/);

    result = await run("missing.tar.gz", "-k", ED25519_PUB);
    assert.equal(result.code, 2, result.stderr);

    result = await run("-k", ED25519_PUB, "--threshold", "0");
    assert.equal(result.code, 2, result.stderr);

    result = await run();
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /-k\/--key/);
  },
});

Deno.test({
  name: "intoto attest verify fails a validly signed non-JSON payload (P6)",
  fn: async () => {
    const dir = await tempDir();
    await Deno.writeFile(
      join(dir, "att.json"),
      await envelope("not json", [alice]),
    );
    const result = await intoto(
      ["attest", "verify", "-a", "att.json", "-k", ED25519_PUB],
      { cwd: dir },
    );
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /not valid JSON/);
  },
});

Deno.test({
  name:
    "intoto attest verify refuses an oversized attestation without reading it (R2)",
  fn: async () => {
    const dir = await tempDir();
    const path = join(dir, "huge.json");
    const file = await Deno.open(path, { create: true, write: true });
    await file.truncate(257 * 1024 * 1024);
    file.close();
    const result = await intoto(
      ["attest", "verify", "-a", "huge.json", "-k", ED25519_PUB],
      { cwd: dir },
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /larger than the limit of 268435456 bytes/);
  },
});
