// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signed files written: signPayload(), formatSignedFile() and
 * signedFileBytes() write metablocks and DSSE envelopes byte for byte as the
 * reference does, and the reference verifies them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { formatPythonJson } from "../../lib/json/python.ts";
import {
  formatSignedFile,
  parseSignedFile,
  readSignedFile,
  signedFileBytes,
  signPayload,
  verifiedKeys,
} from "../../lib/model/signed_file.ts";
import type { Signer } from "../../lib/crypto/key.ts";
import { loadSigner } from "../../lib/crypto/load.ts";
import { FIXTURES, PYTHON, reference, tempDir } from "../_helpers.ts";
import { bob, danny, DEMO, DSSE, layoutPayload, utf8 } from "./_signed_file.ts";

/** A signer's key under another keyid. */
function relabelled(signer: Signer): Signer {
  return {
    publicKey: { ...signer.publicKey, keyid: "00".repeat(32) },
    sign: (data) => signer.sign(data),
  };
}

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
