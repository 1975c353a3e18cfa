// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The DSSE cases of the attack catalogue through `intoto verify`: S2 (PAE
 * and the exact payload type), S3 (keyids are hints), T1 (a repeated
 * signature counts once), P6 (a signed payload that is not JSON) and R2
 * (bounded signatures and subjects). T5, T6, P7 and A4 for attestations are
 * in dsse_attest_cli_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { IN_TOTO_PAYLOAD_TYPE, pae } from "../../lib/model/dsse.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  formatSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import { intoto, type RunResult, tempDir } from "../_helpers.ts";
import { assertFails, assertOk } from "../_dsse_fixtures.ts";
import {
  layoutJson,
  linkFile,
  linkJson,
  sign,
  type TestKey,
  testKey,
  writePublicKeyFile,
} from "../_verify_fixtures.ts";

const OWNER = testKey(21);
const ALICE = testKey(22);
const BOB = testKey(23);
const encoder = new TextEncoder();

/**
 * Verifies, through the CLI, a DSSE layout signed by OWNER with one step
 * "build" by `keys` (threshold `threshold`) and the given files.
 */
async function verifyWith(
  files: Record<string, string>,
  options: { keys?: TestKey[]; threshold?: number; layout?: string } = {},
): Promise<RunResult> {
  const dir = await tempDir();
  const layout = options.layout ?? formatSignedFile(
    await sign(
      layoutJson([{
        name: "build",
        keys: options.keys ?? [ALICE],
        threshold: options.threshold ?? 1,
        products: [["CREATE", "a.out"], ["DISALLOW", "*"]],
      }]),
      [OWNER],
      "dsse",
    ),
  );
  await Deno.writeTextFile(join(dir, "root.layout"), layout);
  await writePublicKeyFile(join(dir, "owner.pub"), OWNER);
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(join(dir, name), text);
  }
  const result = await intoto(
    ["verify", "-l", "root.layout", "-k", "owner.pub", "-t", "ed25519"],
    { cwd: dir },
  );
  await Deno.remove(dir, { recursive: true });
  return result;
}

const BUILD = linkJson("build", { products: { "a.out": "o" } });

/** The build link signed by `key` in DSSE, ready to edit. */
function buildLink(key: TestKey = ALICE): Promise<SignedFile> {
  return sign(BUILD, [key], "dsse");
}

/** A DSSE envelope of `payload` with `type`, signed over the PAE. */
async function envelope(
  payload: Uint8Array,
  key: TestKey,
  type = IN_TOTO_PAYLOAD_TYPE,
): Promise<string> {
  const sig = await key.signer.sign(pae(type, payload));
  return JSON.stringify({
    payload: payload.toBase64(),
    payloadType: type,
    signatures: [{ keyid: key.publicKey.keyid, sig: sig.toBase64() }],
  });
}

Deno.test("intoto verify passes the DSSE baseline the attacks below start from", async () => {
  assertOk(
    await verifyWith({
      [linkFile("build", ALICE)]: formatSignedFile(await buildLink()),
    }),
  );
});

Deno.test("intoto verify S2a fails when a link's payloadType changed after signing", async () => {
  const file = await buildLink();
  file.payloadType = "application/vnd.in-toto.link+json";
  const result = await verifyWith({
    [linkFile("build", ALICE)]: formatSignedFile(file),
  });
  assertFails(
    result,
    2,
    /payloadType must be "application\/vnd\.in-toto\+json"/,
  );
});

Deno.test("intoto verify S2b does not count a signature over the raw payload", async () => {
  const file = await buildLink();
  file.signatures = [{
    keyid: ALICE.publicKey.keyid,
    sig: await ALICE.signer.sign(file.payloadBytes!),
  }];
  const result = await verifyWith({
    [linkFile("build", ALICE)]: formatSignedFile(file),
  });
  assertFails(result, 1, /threshold 1 not met.*no signature on it verifies/);
});

Deno.test("intoto verify S2c accepts only the exact in-toto payload type, even correctly signed", async () => {
  const payload = encoder.encode(JSON.stringify(BUILD));
  for (const type of ["application/json", "application/vnd.in-toto+json "]) {
    const result = await verifyWith({
      [linkFile("build", ALICE)]: await envelope(payload, ALICE, type),
    });
    assertFails(
      result,
      2,
      /payloadType must be "application\/vnd\.in-toto\+json"/,
    );
  }
  const layout = await envelope(
    encoder.encode(
      JSON.stringify(layoutJson([{ name: "build", keys: [ALICE] }])),
    ),
    OWNER,
    "application/json",
  );
  assertFails(await verifyWith({}, { layout }), 2, /payloadType must be/);
});

Deno.test("intoto verify S3 takes a keyid as a hint only", async () => {
  const empty = await buildLink();
  empty.signatures[0]!.keyid = "";
  assertOk(
    await verifyWith({ [linkFile("build", ALICE)]: formatSignedFile(empty) }),
  );
  // Bob's signature labelled with Alice's keyid counts for nobody.
  const forged = await buildLink(BOB);
  forged.signatures[0]!.keyid = ALICE.publicKey.keyid;
  const result = await verifyWith({
    [linkFile("build", ALICE)]: formatSignedFile(forged),
  });
  assertFails(result, 1, /no signature on it verifies with key/);
});

Deno.test("intoto verify T1 counts one signature repeated on an envelope once, threshold 2", async () => {
  const file = await buildLink();
  const signature = file.signatures[0]!;
  file.signatures = [signature, signature, {
    keyid: BOB.publicKey.keyid,
    sig: signature.sig,
  }];
  const text = formatSignedFile(file);
  const result = await verifyWith({
    [linkFile("build", ALICE)]: text,
    [linkFile("build", BOB)]: text,
  }, { keys: [ALICE, BOB], threshold: 2 });
  assertFails(result, 1, /threshold 2 not met: found 1 valid link/);
  // Both functionaries signing makes the same layout pass.
  const both = formatSignedFile(await sign(BUILD, [ALICE, BOB], "dsse"));
  assertOk(
    await verifyWith({
      [linkFile("build", ALICE)]: both,
      [linkFile("build", BOB)]: both,
    }, { keys: [ALICE, BOB], threshold: 2 }),
  );
});

Deno.test("intoto verify P6 fails on a validly signed payload that is not a JSON object", async () => {
  for (
    const [payload, message] of [
      ["not json", /the payload is not valid JSON/],
      ['{"_type": "link", "_type": "link"}', /the payload is not valid JSON/],
      ["[]", /the payload must be a JSON object/],
    ] as const
  ) {
    const result = await verifyWith({
      [linkFile("build", ALICE)]: await envelope(
        encoder.encode(payload),
        ALICE,
      ),
    });
    assertFails(result, 2, message);
  }
});

Deno.test("intoto verify R2 refuses 10^5 signatures and 10^6 subjects quickly", async () => {
  const file = await buildLink();
  file.signatures = Array.from({ length: 100_000 }, () => file.signatures[0]!);
  let start = performance.now();
  const many = await verifyWith({
    [linkFile("build", ALICE)]: formatSignedFile(file),
  });
  assertFails(many, 2, /100000 signatures, more than the limit of 256/);
  assert.ok(performance.now() - start < 20_000);
  const statement: JsonObject = {
    _type: "https://in-toto.io/Statement/v1",
    subject: Array.from({ length: 1_000_001 }, () => ({})),
    predicateType: "https://in-toto.io/attestation/link/v0.3",
    predicate: { name: "build" },
  };
  start = performance.now();
  const subjects = await verifyWith({
    [linkFile("build", ALICE)]: formatSignedFile(
      await sign(statement, [ALICE], "dsse"),
    ),
  });
  assertFails(subjects, 2, /1000001 artifacts, more than the limit of 1000000/);
  assert.ok(performance.now() - start < 20_000);
});
