// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import { encodeBase64, pae } from "../../lib/model/dsse.ts";
import { formatPythonJson } from "../../lib/json/python.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  formatSignedFile,
  MAX_SIGNATURES,
  parseSignedFile,
  readSignedFile,
  type SignedFile,
  signedFileBytes,
  signPayload,
  verifiedKeys,
} from "../../lib/model/signed_file.ts";
import type { PublicKey, Signer } from "../../lib/crypto/key.ts";
import { loadPublicKey, loadSigner } from "../../lib/crypto/load.ts";
import { FIXTURES, PYTHON, reference, tempDir } from "../_helpers.ts";

const DEMO = join(FIXTURES, "demo_files");
const DSSE = join(FIXTURES, "demo_dsse_files");
const utf8 = (text: string) => new TextEncoder().encode(text);

const danny: Signer = await loadSigner(join(DEMO, "danny"), {
  keyType: "ed25519",
});
const bob: PublicKey = await loadPublicKey(join(DEMO, "bob.pub"), {
  keyType: "rsa",
});
const carl: PublicKey = await loadPublicKey(join(DEMO, "carl.pub"), {
  keyType: "rsa",
});
const alice: PublicKey = await loadPublicKey(join(DEMO, "alice.pub"), {
  keyType: "rsa",
});

function parse(value: unknown): SignedFile {
  return parseSignedFile(utf8(JSON.stringify(value)), "x.link");
}

function rejects(value: unknown, code: string, message: RegExp): void {
  assert.throws(() => parse(value), (error) => {
    assert.equal((error as { code?: string }).code, code);
    assert.match((error as Error).message, message);
    return true;
  });
}

async function layoutPayload(): Promise<JsonObject> {
  const template = await readSignedFile(join(DEMO, "demo.layout.template"));
  return {
    ...template.payload,
    expires: "2030-01-01T00:00:00Z",
    readme: "café \u{1f600}\n\u2028",
  };
}

Deno.test("parseSignedFile() and formatSignedFile() round-trip the reference's metablocks byte for byte", async () => {
  for (
    const name of [
      "write-code.776a00e2.link",
      "package.2f89b927.link",
    ]
  ) {
    const bytes = await Deno.readFile(join(DEMO, name));
    const file = parseSignedFile(bytes, name);
    assert.equal(file.format, "metablock");
    assert.equal(formatSignedFile(file), new TextDecoder().decode(bytes));
  }
});

Deno.test("verifiedKeys() verifies the reference's metablock and DSSE links", async () => {
  for (const dir of [DEMO, DSSE]) {
    const writeCode = await readSignedFile(
      join(dir, "write-code.776a00e2.link"),
    );
    const pack = await readSignedFile(join(dir, "package.2f89b927.link"));
    assert.deepEqual(await verifiedKeys(writeCode, [alice, carl, bob]), [bob]);
    assert.deepEqual(await verifiedKeys(pack, [bob, carl]), [carl]);
    assert.deepEqual(await verifiedKeys(pack, [alice, bob]), []);
    assert.deepEqual(await verifiedKeys(pack, []), []);
  }
  const dsse = await readSignedFile(join(DSSE, "write-code.776a00e2.link"));
  assert.equal(dsse.format, "dsse");
  assert.equal(dsse.payloadType, "application/vnd.in-toto+json");
  assert.equal(dsse.payload.name, "write-code");
  assert.deepEqual(
    dsse.signedBytes,
    pae(dsse.payloadType!, dsse.payloadBytes!),
  );
});

/** A signer's key under another keyid. */
function relabelled(signer: Signer): Signer {
  return {
    publicKey: { ...signer.publicKey, keyid: "00".repeat(32) },
    sign: (data) => signer.sign(data),
  };
}

Deno.test("signPayload() and formatSignedFile() write what in-toto-sign 1.3.1 writes, byte for byte", async () => {
  const dir = await tempDir();
  const payload = await layoutPayload();
  await Deno.writeTextFile(
    join(dir, "unsigned.layout"),
    JSON.stringify({ signatures: [], signed: payload }),
  );
  const result = await reference("in-toto-sign", [
    "-f",
    "unsigned.layout",
    "-k",
    join(DEMO, "danny"),
    "-t",
    "ed25519",
    "-o",
    "reference.layout",
  ], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const ours = formatSignedFile(
    await signPayload(payload, [danny], { format: "metablock" }),
  );
  assert.equal(ours, await Deno.readTextFile(join(dir, "reference.layout")));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("signedFileBytes() writes what formatSignedFile() of signPayload() writes", async () => {
  const payload = await layoutPayload();
  const other = relabelled(danny);
  for (const format of ["metablock", "dsse"] as const) {
    const first = await signPayload(payload, [other], { format });
    for (const existing of [undefined, first]) {
      const options = existing === undefined
        ? { format }
        : { format, existing };
      assert.equal(
        new TextDecoder().decode(
          await signedFileBytes(payload, [danny, other], options),
        ),
        formatSignedFile(await signPayload(payload, [danny, other], options)),
      );
    }
    // Non-ASCII text takes formatPythonJson()'s path.
    const accented = { ...payload, readme: "café ☕" };
    assert.equal(
      new TextDecoder().decode(
        await signedFileBytes(accented, [danny], { format }),
      ),
      formatSignedFile(await signPayload(accented, [danny], { format })),
    );
    await assert.rejects(
      signedFileBytes({ ...payload, readme: "x" }, [danny], {
        format,
        existing: first,
      }),
      { code: "USAGE" },
    );
  }
});

Deno.test("signPayload() writes DSSE envelopes as in-toto >= 1.4 and securesystemslib verifies them", async () => {
  const payload = await layoutPayload();
  const file = await signPayload(payload, [danny], { format: "dsse" });
  const text = formatSignedFile(file);
  assert.ok(!text.includes("\n"));
  assert.match(
    text,
    /^\{"payload": "[A-Za-z0-9+/]+=*", "payloadType": "application\/vnd\.in-toto\+json", "signatures": \[\{"keyid": "36a5529f[0-9a-f]{56}", "sig": "[A-Za-z0-9+/]+=*"\}\]\}$/,
  );
  assert.equal(
    new TextDecoder().decode(file.payloadBytes),
    formatPythonJson(payload),
  );
  const parsed = parseSignedFile(utf8(text), "x.link");
  assert.deepEqual(parsed.payload, payload);
  assert.deepEqual(parsed.signedBytes, file.signedBytes);
  assert.deepEqual(await verifiedKeys(parsed, [danny.publicKey]), [
    danny.publicKey,
  ]);
  // The reference's side: PAE from the envelope, payload as json.dumps(sort_keys=True),
  // signature checked with securesystemslib.
  const check = new Deno.Command(PYTHON, {
    args: [
      "-c",
      `
import base64, json, sys
from securesystemslib.keys import verify_signature
envelope = json.loads(sys.stdin.read())
key = json.load(open(${JSON.stringify(join(DEMO, "danny"))}))
payload = base64.b64decode(envelope["payload"], validate=True)
t = envelope["payloadType"]
assert payload == json.dumps(json.loads(payload), sort_keys=True).encode()
pae = b"DSSEv1 %d %b %d %b" % (len(t), t.encode(), len(payload), payload)
sig = envelope["signatures"][0]
sig = {"keyid": sig["keyid"], "sig": base64.b64decode(sig["sig"]).hex()}
print(verify_signature(key, sig, pae), verify_signature(key, sig, payload))
`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = child(check, text);
  const { code, stdout, stderr } = await output;
  assert.equal(code, 0, stderr);
  assert.equal(stdout.trim(), "True False");
});

async function child(
  process: Deno.ChildProcess,
  input: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const done = process.output();
  const writer = process.stdin.getWriter();
  await writer.write(utf8(input));
  await writer.close();
  const output = await done;
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("verifiedKeys() counts distinct keys, never keyids or repeated signatures", async () => {
  const payload = await layoutPayload();
  for (const format of ["metablock", "dsse"] as const) {
    const file = await signPayload(payload, [danny], { format });
    const signature = file.signatures[0]!;
    const key = danny.publicKey;
    const copy: PublicKey = { ...key, keyid: "ff".repeat(32) };
    const twice = { ...file, signatures: [signature, { ...signature }] };
    assert.deepEqual(await verifiedKeys(twice, [key]), [key]);
    assert.deepEqual(await verifiedKeys(twice, [key, copy]), [key]);
    assert.deepEqual(await verifiedKeys(twice, [copy, key]), [copy]);
    // The keyid is a hint only: empty or wrong, the signature counts for
    // the key that verifies it, and for no other.
    const empty = { ...file, signatures: [{ keyid: "", sig: signature.sig }] };
    assert.deepEqual(await verifiedKeys(empty, [key]), [key]);
    const wrong = {
      ...file,
      signatures: [{ keyid: alice.keyid, sig: signature.sig }],
    };
    assert.deepEqual(await verifiedKeys(wrong, [alice, key]), [key]);
    // A flipped bit fails.
    const flipped = signature.sig.slice();
    flipped[0]! ^= 1;
    assert.deepEqual(
      await verifiedKeys({
        ...file,
        signatures: [{ ...signature, sig: flipped }],
      }, [key]),
      [],
    );
  }
});

Deno.test("verifiedKeys() checks exactly the received bytes: tampering and extra fields fail", async () => {
  const payload = await layoutPayload();
  const signed = JSON.parse(
    formatSignedFile(
      await signPayload(payload, [danny], { format: "metablock" }),
    ),
  );
  const key = danny.publicKey;
  assert.deepEqual(await verifiedKeys(parse(signed), [key]), [key]);
  for (
    const edit of [
      (s: Record<string, unknown>) => s.readme = "other",
      (s: Record<string, unknown>) => s.Products = {},
      (s: Record<string, unknown>) => s.extra = 1,
    ]
  ) {
    const copy = structuredClone(signed);
    edit(copy.signed);
    assert.deepEqual(await verifiedKeys(parse(copy), [key]), []);
  }
});

Deno.test("verifiedKeys() requires the DSSE signature over the PAE with the exact payloadType", async () => {
  const file = await signPayload(await layoutPayload(), [danny], {
    format: "dsse",
  });
  const key = danny.publicKey;
  const envelope = JSON.parse(formatSignedFile(file));
  // A changed payloadType is refused when parsed, and fails to verify.
  rejects(
    { ...envelope, payloadType: "application/json" },
    "INVALID_METADATA",
    /payloadType must be "application\/vnd\.in-toto\+json"/,
  );
  const retyped = {
    ...file,
    signedBytes: pae("application/vnd.in-toto+jsonx", file.payloadBytes!),
  };
  assert.deepEqual(await verifiedKeys(retyped, [key]), []);
  // A signature over the raw payload, not the PAE, fails.
  const raw = await danny.sign(file.payloadBytes!);
  const overRaw = parse({
    ...envelope,
    signatures: [{ keyid: key.keyid, sig: encodeBase64(raw) }],
  });
  assert.deepEqual(await verifiedKeys(overRaw, [key]), []);
  // URL-safe, unpadded base64 is read too.
  const urlSafe = parse({
    ...envelope,
    payload: envelope.payload.replaceAll("+", "-").replaceAll("/", "_").replace(
      /=+$/,
      "",
    ),
    signatures: [{
      keyid: "",
      sig: envelope.signatures[0].sig.replaceAll("+", "-").replaceAll("/", "_")
        .replace(/=+$/, ""),
    }],
  });
  assert.deepEqual(await verifiedKeys(urlSafe, [key]), [key]);
});

Deno.test("parseSignedFile() detects the format and rejects everything else", () => {
  const signed = { _type: "link", name: "x" };
  for (
    const value of [{}, [], "x", null, { signed }, { signatures: [] }, {
      payload: "e30=",
    }]
  ) {
    rejects(
      value,
      "INVALID_METADATA",
      /^Cannot load "x\.link": not signed in-toto metadata/,
    );
  }
  rejects(
    { signed, signatures: [], payload: "e30=" },
    "INVALID_METADATA",
    /not signed in-toto metadata/,
  );
  rejects(
    { signed: [], signatures: [] },
    "INVALID_METADATA",
    /^Invalid metablock "x\.link" at signed: expected an object/,
  );
  rejects(
    { signed, signatures: {} },
    "INVALID_METADATA",
    /at signatures: expected an array/,
  );
  rejects(
    { signed, signatures: [{ keyid: "a", sig: "abc" }] },
    "INVALID_METADATA",
    /at signatures\[0\]\.sig: expected the signature in hex/,
  );
  rejects(
    { signed, signatures: [{ keyid: "a", sig: "zz" }] },
    "INVALID_METADATA",
    /expected the signature in hex/,
  );
  rejects(
    { signed, signatures: [{ keyid: 1, sig: "ab" }] },
    "INVALID_METADATA",
    /at signatures\[0\]\.keyid: expected a string/,
  );
  const gpg = parse({
    signed,
    signatures: [{ keyid: "a", signature: "ab", other_headers: "CD" }],
  });
  assert.deepEqual(gpg.signatures[0], {
    keyid: "a",
    sig: new Uint8Array([0xab]),
    otherHeaders: new Uint8Array([0xcd]),
  });
  rejects(
    {
      signed,
      signatures: [{ keyid: "a", signature: "ab", other_headers: "x" }],
    },
    "INVALID_METADATA",
    /other_headers: expected the headers in hex/,
  );
  const upper = parse({ signed, signatures: [{ keyid: "", sig: "ABcd" }] });
  assert.deepEqual(upper.signatures[0]!.sig, new Uint8Array([0xab, 0xcd]));
  const many = Array.from(
    { length: MAX_SIGNATURES + 1 },
    () => ({ keyid: "", sig: "ab" }),
  );
  rejects(
    { signed, signatures: many },
    "LIMIT_EXCEEDED",
    /257 signatures, more than the limit of 256/,
  );
  rejects(
    {
      payload: "e30=",
      payloadType: "application/vnd.in-toto+json",
      signatures: many,
    },
    "LIMIT_EXCEEDED",
    /more than the limit/,
  );
  assert.equal(
    parse({ signed, signatures: many.slice(1) }).signatures.length,
    MAX_SIGNATURES,
  );
  const type = "application/vnd.in-toto+json";
  rejects(
    {
      payload: encodeBase64(utf8("not json")),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /the payload is not valid JSON/,
  );
  rejects(
    {
      payload: encodeBase64(utf8('{"a":1,"a":2}')),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /the payload is not valid JSON: .*duplicate key "a"/,
  );
  rejects(
    {
      payload: encodeBase64(utf8('{"a":1.0}')),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /not valid JSON/,
  );
  rejects(
    { payload: encodeBase64(utf8("[1]")), payloadType: type, signatures: [] },
    "INVALID_METADATA",
    /the payload must be a JSON object, not an array/,
  );
  rejects(
    {
      payload: encodeBase64(new Uint8Array([0x7b, 0xff, 0x7d])),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /not valid UTF-8/,
  );
  assert.throws(
    () => parseSignedFile(utf8('{"signed": {}, "signatures": [], }'), "x"),
    { code: "INVALID_JSON" },
  );
});

Deno.test("signPayload() appends, replacing a signature by the same keyid", async () => {
  const payload = await layoutPayload();
  const other = relabelled(danny);
  for (const format of ["metablock", "dsse"] as const) {
    const first = await signPayload(payload, [other], { format });
    const both = await signPayload(payload, [danny], {
      format,
      existing: first,
    });
    assert.deepEqual(both.signatures.map((s) => s.keyid), [
      other.publicKey.keyid,
      danny.publicKey.keyid,
    ]);
    const again = await signPayload(payload, [other], {
      format,
      existing: both,
    });
    assert.deepEqual(again.signatures.map((s) => s.keyid), [
      other.publicKey.keyid,
      danny.publicKey.keyid,
    ]);
    await assert.rejects(
      signPayload({ ...payload, readme: "x" }, [danny], {
        format,
        existing: first,
      }),
      { code: "USAGE" },
    );
    await assert.rejects(
      signPayload(payload, [danny], {
        format: format === "dsse" ? "metablock" : "dsse",
        existing: first,
      }),
      { code: "USAGE" },
    );
  }
  // Appending to a DSSE file keeps its exact payload bytes (here compact JSON).
  const fixture = await readSignedFile(join(DSSE, "write-code.776a00e2.link"));
  const appended = await signPayload(fixture.payload, [danny], {
    format: "dsse",
    existing: fixture,
  });
  assert.deepEqual(appended.payloadBytes, fixture.payloadBytes);
  assert.deepEqual(await verifiedKeys(appended, [bob, danny.publicKey]), [
    bob,
    danny.publicKey,
  ]);
  const reparsed = parseSignedFile(utf8(formatSignedFile(appended)), "x");
  assert.deepEqual(reparsed.payloadBytes, fixture.payloadBytes);
});

Deno.test("formatSignedFile() writes RSA-signed links that in-toto-sign 1.3.1 verifies", async () => {
  const dir = await tempDir();
  const pems = join(FIXTURES, "pems");
  // in-toto 1.3.1 finds the signature by the legacy keyid.
  const signer = await loadSigner(join(pems, "rsa_private_unencrypted.pem"), {
    keyType: "rsa",
    flavour: "legacy",
  });
  const link = await readSignedFile(join(DEMO, "write-code.776a00e2.link"));
  const payload = {
    ...link.payload,
    byproducts: {
      stdout: "a\nb\u0000\u{1f600}\\n",
      stderr: "",
      "return-value": 0,
    },
  };
  const file = await signPayload(payload, [signer], { format: "metablock" });
  const verify = async (text: string) => {
    await Deno.writeTextFile(join(dir, "x.link"), text);
    return (await reference("in-toto-sign", [
      "-f",
      "x.link",
      "-k",
      join(pems, "rsa_public.pem"),
      "-t",
      "rsa",
      "--verify",
    ], { cwd: dir })).code;
  };
  const text = formatSignedFile(file);
  assert.equal(await verify(text), 0);
  assert.equal(await verify(text.replace('"write-code"', '"write-codf"')), 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readSignedFile() reads within the size bound and refuses past it", async () => {
  const path = join(DEMO, "demo.layout.template");
  const size = (await Deno.stat(path)).size;
  const file = await readSignedFile(path, { maxBytes: size });
  assert.equal(file.payload._type, "layout");
  await assert.rejects(
    readSignedFile(path, { maxBytes: size - 1 }),
    (error) => isIntotoError(error, "LIMIT_EXCEEDED"),
  );
});
