// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, intoto, python, tempDir } from "../_helpers.ts";

const DEMO = join(FIXTURES, "demo_files");
const PEMS = join(FIXTURES, "pems");

/**
 * The keyid in-toto 1.3.1 (securesystemslib 0.26) gives a public key file of
 * ours: RSA through its own PEM import, ecdsa through its PEM import, ed25519
 * as the raw key in its JSON key format.
 */
async function referenceKeyid(type: string, path: string): Promise<string> {
  const result = await python(`
from cryptography.hazmat.primitives import serialization
from securesystemslib import interface, keys
kind, path = ${JSON.stringify(type)}, ${JSON.stringify(path)}
pem = open(path).read()
if kind == "rsa":
    key = interface.import_rsa_publickey_from_file(path)
elif kind == "ecdsa":
    key = keys.import_ecdsakey_from_public_pem(pem)
else:
    raw = serialization.load_pem_public_key(pem.encode()).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key, _ = keys.format_metadata_to_key(
        {"keytype": "ed25519", "scheme": "ed25519", "keyval": {"public": raw.hex()}})
print(key["keyid"])
`);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

Deno.test("intoto key id prints the keyids in-toto computes for fixtures", async () => {
  const alice = await referenceKeyid("rsa", join(DEMO, "alice.pub"));
  assert.match(alice, /^556caebd/);
  const result = await intoto([
    "key",
    "id",
    join(DEMO, "alice.pub"),
    join(DEMO, "alice"),
    join(DEMO, "danny.pub"),
  ]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, 2), [
    `${alice}  ${join(DEMO, "alice.pub")}`,
    `${alice}  ${join(DEMO, "alice")}`,
  ]);
  assert.match(lines[2]!, /^36a5529f[0-9a-f]{56} {2}/);
});

Deno.test("intoto key id --flavour modern matches in-toto 3 keyids of pems/", async () => {
  const expected: Record<string, string> = {
    rsa: "2f685fa7",
    ecdsa: "50d7e110",
    ed25519: "c6d8bf2e",
  };
  for (const [type, prefix] of Object.entries(expected)) {
    const path = join(PEMS, `${type}_public.pem`);
    const modern = await intoto(["key", "id", "--flavour", "modern", path]);
    assert.equal(modern.code, 0, modern.stderr);
    assert.match(modern.stdout, new RegExp(`^${prefix}[0-9a-f]{56} {2}`));
    const all = await intoto(["key", "id", "--all", path]);
    assert.equal(all.code, 0, all.stderr);
    const [legacy, modernLine] = all.stdout.trimEnd().split("\n");
    assert.match(legacy!, /^legacy [0-9a-f]{64} {2}/);
    assert.equal(modernLine, `modern ${modern.stdout.trimEnd()}`);
  }
});

Deno.test("intoto keygen writes loadable PEM keys whose keyids match in-toto 1.3.1", async () => {
  const dir = await tempDir();
  for (const type of ["rsa", "ed25519", "ecdsa"]) {
    const name = join(dir, type);
    const generated = await intoto(["keygen", "-t", type, name]);
    assert.equal(generated.code, 0, generated.stderr);
    assert.equal(generated.stdout, "");
    assert.equal((await Deno.stat(name)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(`${name}.pub`)).mode! & 0o022, 0);
    assert.match(
      await Deno.readTextFile(name),
      /^-----BEGIN PRIVATE KEY-----\n/,
    );
    assert.match(
      await Deno.readTextFile(`${name}.pub`),
      /^-----BEGIN PUBLIC KEY-----\n/,
    );
    const ids = await intoto(["key", "id", name, `${name}.pub`]);
    assert.equal(ids.code, 0, ids.stderr);
    const [fromPrivate, fromPublic] = ids.stdout.trimEnd().split("\n").map((
      line,
    ) => line.split("  ")[0]);
    assert.equal(fromPrivate, fromPublic);
    assert.equal(fromPublic, await referenceKeyid(type, `${name}.pub`), type);
    assert.match(generated.stderr, new RegExp(fromPublic!));
  }
});

Deno.test("intoto keygen -p encrypts with the password read from stdin", async () => {
  const dir = await tempDir("demo_files/write-code.776a00e2.link");
  const name = join(dir, "enc");
  const generated = await intoto(["keygen", "-t", "ed25519", "-p", name], {
    stdin: "s3cret\n",
  });
  assert.equal(generated.code, 0, generated.stderr);
  assert.match(
    await Deno.readTextFile(name),
    /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/,
  );
  const link = join(dir, "write-code.776a00e2.link");
  const signed = await intoto([
    "sign",
    "-f",
    link,
    "-k",
    name,
    "-p",
    "-o",
    "out.link",
  ], {
    cwd: dir,
    stdin: "s3cret\n",
  });
  assert.equal(signed.code, 0, signed.stderr);
  const verified = await intoto([
    "sign",
    "-f",
    join(dir, "out.link"),
    "-k",
    `${name}.pub`,
    "--verify",
  ]);
  assert.equal(verified.code, 0, verified.stderr);
  const wrong = await intoto([
    "sign",
    "-f",
    link,
    "-k",
    name,
    "-P",
    "nope",
    "-o",
    "x.link",
  ], {
    cwd: dir,
  });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^error: /m);
});

Deno.test("intoto keygen --password encrypts RSA keys that in-toto 1.3.1 can load", async () => {
  const dir = await tempDir();
  const name = join(dir, "rsa");
  const generated = await intoto([
    "keygen",
    "-b",
    "2048",
    "--password",
    "pw",
    name,
  ]);
  assert.equal(generated.code, 0, generated.stderr);
  const loaded = await python(`
from securesystemslib import interface
key = interface.import_rsa_privatekey_from_file(${
    JSON.stringify(name)
  }, password="pw")
print(key["keyid"])
`);
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.equal(
    loaded.stdout.trim(),
    await referenceKeyid("rsa", `${name}.pub`),
  );
});
