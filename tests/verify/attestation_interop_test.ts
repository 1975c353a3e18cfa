// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * DSSE interop with the Python side. securesystemslib 0.26 (Debian) has no
 * `dsse` module (it arrived in later releases), so the Python half computes
 * the PAE from the DSSE spec (byte lengths) and signs and verifies with
 * securesystemslib's own key functions; Ed25519 is deterministic, so the
 * signatures must agree byte for byte.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { attestLink } from "../../lib/model/attest_link.ts";
import {
  linkFromStatement,
  statementFromLink,
} from "../../lib/model/link_predicate.ts";
import { verifyAttestation } from "../../lib/verify/attestation.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { IN_TOTO_PAYLOAD_TYPE, pae } from "../../lib/model/dsse.ts";
import type { Link } from "../../lib/model/link.ts";
import { parseSignedFile, verifiedKeys } from "../../lib/model/signed_file.ts";
import { loadPublicKey, loadSigner } from "../../lib/crypto/load.ts";
import { FIXTURES, python } from "../_helpers.ts";

const DEMO = join(FIXTURES, "demo_files");
const DANNY = join(DEMO, "danny");
const danny = await loadSigner(DANNY, { keyType: "ed25519" });
const dannyPub = await loadPublicKey(`${DANNY}.pub`, { keyType: "ed25519" });

const LINK: Link = {
  _type: "link",
  name: "package",
  command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
  materials: {
    "foo.py": {
      sha256:
        "74dc3727c6e89308b39e4dfedf787e37841198b1fa165a27c013544a60502549",
    },
  },
  products: {
    "foo.tar.gz": {
      sha256:
        "52947cb78b91ad01fe81cd6aef42d1f6817e92b9e6936c1e5aabb7c98514f355",
    },
  },
  byproducts: { "return-value": 0, stderr: "", stdout: "foo.py\n" },
  environment: {},
};

/** Python: PAE by the DSSE spec, then securesystemslib sign and verify. */
const PYTHON_CHECK = `
import base64, json, sys
from securesystemslib import interface, keys
envelope = json.load(sys.stdin)
payload = base64.b64decode(envelope["payload"])
ptype = envelope["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(ptype), ptype, len(payload), payload)
private = interface.import_ed25519_privatekey_from_file("${DANNY}")
public = interface.import_ed25519_publickey_from_file("${DANNY}.pub")
ours = envelope["signatures"][0]
sig = {"keyid": ours["keyid"], "sig": base64.b64decode(ours["sig"]).hex()}
print(json.dumps({
  "pae": base64.b64encode(pae).decode(),
  "verified": keys.verify_signature(public, sig, pae),
  "theirs": keys.create_signature(private, pae)["sig"],
  "keyid": public["keyid"],
}))
`;

Deno.test("attestLink() output verifies with securesystemslib, byte-identical Ed25519 signature", async () => {
  const bytes = await attestLink(LINK, danny);
  const result = await python(PYTHON_CHECK, {
    stdin: new TextDecoder().decode(bytes),
  });
  assert.equal(result.code, 0, result.stderr);
  const answer = JSON.parse(result.stdout);
  const file = parseSignedFile(bytes, "package.link");
  assert.deepEqual(Uint8Array.fromBase64(answer.pae), file.signedBytes);
  assert.deepEqual(
    file.signedBytes,
    pae(IN_TOTO_PAYLOAD_TYPE, file.payloadBytes!),
  );
  assert.equal(answer.verified, true);
  assert.equal(answer.theirs, file.signatures[0]!.sig.toHex());
  assert.equal(answer.keyid, file.signatures[0]!.keyid);
});

/** Python: a link attestation signed by securesystemslib, URL-safe base64. */
const PYTHON_SIGN = `
import base64, json, sys
from securesystemslib import interface, keys
statement = json.load(sys.stdin)
payload = json.dumps(statement, sort_keys=True).encode()
ptype = b"${IN_TOTO_PAYLOAD_TYPE}"
pae = b"DSSEv1 %d %s %d %s" % (len(ptype), ptype, len(payload), payload)
private = interface.import_ed25519_privatekey_from_file("${DANNY}")
sig = keys.create_signature(private, pae)
print(json.dumps({
  "payload": base64.urlsafe_b64encode(payload).decode().rstrip("="),
  "payloadType": ptype.decode(),
  "signatures": [{"keyid": sig["keyid"],
                  "sig": base64.b64encode(bytes.fromhex(sig["sig"])).decode()}],
}))
`;

Deno.test("verifyAttestation() accepts a link attestation signed by securesystemslib", async () => {
  const result = await python(PYTHON_SIGN, {
    stdin: JSON.stringify(statementFromLink(LINK)),
  });
  assert.equal(result.code, 0, result.stderr);
  const bytes = new TextEncoder().encode(result.stdout);
  const verified = await verifyAttestation(bytes, { keys: [dannyPub] });
  assert.deepEqual(linkFromStatement(verified.statement), LINK);
  // Changing one byte of the payload breaks it.
  const envelope = JSON.parse(result.stdout);
  const payload = Uint8Array.fromBase64(envelope.payload, {
    alphabet: "base64url",
  });
  payload[payload.length - 2] = payload.at(-2)! ^ 1;
  envelope.payload = payload.toBase64();
  await assert.rejects(
    verifyAttestation(new TextEncoder().encode(JSON.stringify(envelope)), {
      keys: [dannyPub],
    }),
  );
});

Deno.test("demo_dsse_files links verify with bob's and carl's keys, and are not attestations", async () => {
  const cases = [
    ["write-code.776a00e2.link", "bob.pub"],
    ["package.2f89b927.link", "carl.pub"],
  ] as const;
  const bob = await loadPublicKey(join(DEMO, "bob.pub"));
  const carl = await loadPublicKey(join(DEMO, "carl.pub"));
  for (const [name, keyName] of cases) {
    const bytes = await Deno.readFile(join(FIXTURES, "demo_dsse_files", name));
    const file = parseSignedFile(bytes, name);
    assert.equal(file.format, "dsse");
    const key = keyName === "bob.pub" ? bob : carl;
    const other = keyName === "bob.pub" ? carl : bob;
    assert.deepEqual(await verifiedKeys(file, [other, key]), [key]);
    assert.deepEqual(await verifiedKeys(file, [other]), []);
    // A signed link is not a Statement: attest verify refuses it (T6).
    await assert.rejects(
      verifyAttestation(bytes, { keys: [key], source: name }),
      (error) =>
        isIntotoError(error, "INVALID_METADATA") &&
        /_type/.test(error.message),
    );
  }
});
