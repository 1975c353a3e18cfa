// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import { computeKeyid, keyidsOf } from "../../lib/crypto/keyid.ts";
import { loadPublicKey, loadSigner } from "../../lib/crypto/load.ts";
import { verifySignature } from "../../lib/crypto/signature.ts";
import { FIXTURES, python, tempDir } from "../_helpers.ts";

const DATA = new TextEncoder().encode("in-toto keys test \u{1F600}\n");

/** Public key files and their keyids as securesystemslib/in-toto compute them. */
const VECTORS: { file: string; legacy: string; modern: string }[] = [
  {
    file: "demo_files/alice.pub",
    legacy: "556caebdc0877eed53d419b60eddb1e57fa773e4e31d70698b588f3e9cc48b35",
    modern: "c8ef46bd3ccb95e2617a80e447d0c8c6338f85334c2f6c6cb640e140fc183763",
  },
  {
    file: "pems/rsa_public.pem",
    legacy: "afcd3882b9b4bf20b4144216b7a8b9bcf94b0f6b38d69f33bb5d10cb440a55a4",
    modern: "2f685fa7546f1856b123223ab086b3def14c89d24eef18f49c32508c2f60e241",
  },
  {
    file: "pems/ecdsa_public.pem",
    legacy: "640b8aaae318bea29adcd64b8be4bef3d813e69001f46321f09da72e37feadca",
    modern: "50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3",
  },
  {
    file: "pems/ed25519_public.pem",
    legacy: "80003b25971d561f04d375f0b91cefd58956937f8951d9e604301af34539ae2f",
    modern: "c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc",
  },
];

Deno.test("loadPublicKey() gives the keyids securesystemslib computes, in both flavours", async () => {
  for (const vector of VECTORS) {
    const path = join(FIXTURES, vector.file);
    const modern = await loadPublicKey(path);
    assert.equal(modern.keyid, vector.modern, vector.file);
    const legacy = await loadPublicKey(path, { flavour: "legacy" });
    assert.equal(legacy.keyid, vector.legacy, vector.file);
    assert.deepEqual(legacy.keyid_hash_algorithms, ["sha256", "sha512"]);
    assert.deepEqual(keyidsOf(modern), keyidsOf(legacy));
    assert.equal(computeKeyid(modern, "legacy"), vector.legacy);
    assert.equal(computeKeyid(legacy, "modern"), vector.modern);
  }
});

Deno.test("loadPublicKey() legacy keyids of RSA and ECDSA keys equal securesystemslib 0.26's own", async () => {
  // securesystemslib 0.26 computes legacy keyids; recompute the ECDSA and
  // Ed25519 ones with its _get_keyid over the PEM without trailing newline.
  const result = await python(`
import json
from securesystemslib import interface, keys
from cryptography.hazmat.primitives import serialization
F = ${JSON.stringify(FIXTURES)}
out = {}
out["alice"] = interface.import_rsa_publickey_from_file(F + "/demo_files/alice.pub")["keyid"]
out["rsa"] = interface.import_rsa_publickey_from_file(F + "/pems/rsa_public.pem")["keyid"]
pem = open(F + "/pems/ecdsa_public.pem").read().rstrip("\\n")
out["ecdsa"] = keys._get_keyid("ecdsa", "ecdsa-sha2-nistp256", {"public": pem})
k = serialization.load_pem_public_key(open(F + "/pems/ed25519_public.pem", "rb").read())
raw = k.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
out["ed25519"] = keys._get_keyid("ed25519", "ed25519", {"public": raw})
print(json.dumps(out))
`);
  assert.equal(result.code, 0, result.stderr);
  const expected = JSON.parse(result.stdout);
  assert.equal(expected.alice, VECTORS[0]!.legacy);
  assert.equal(expected.rsa, VECTORS[1]!.legacy);
  assert.equal(expected.ecdsa, VECTORS[2]!.legacy);
  assert.equal(expected.ed25519, VECTORS[3]!.legacy);
});

Deno.test("loadSigner() loads every private key fixture and its signatures verify", async () => {
  const cases: [string, string][] = [
    ["demo_files/alice", "c8ef46bd"],
    ["demo_files/bob", ""],
    ["demo_files/danny", "36a5529f"],
    ["pems/rsa_private_unencrypted.pem", "2f685fa7"],
    ["pems/rsa_private_encrypted.pem", "2f685fa7"],
    ["pems/ecdsa_private_unencrypted.pem", "50d7e110"],
    ["pems/ecdsa_private_encrypted.pem", "50d7e110"],
    ["pems/ed25519_private_unencrypted.pem", "c6d8bf2e"],
    ["pems/ed25519_private_encrypted.pem", "c6d8bf2e"],
  ];
  for (const [file, prefix] of cases) {
    const signer = await loadSigner(join(FIXTURES, file), {
      password: "hunter2",
    });
    assert.ok(signer.publicKey.keyid.startsWith(prefix), file);
    const signature = await signer.sign(DATA);
    assert.ok(await verifySignature(signer.publicKey, signature, DATA), file);
    assert.ok(
      !await verifySignature(signer.publicKey, signature, DATA.slice(1)),
      file,
    );
  }
});

Deno.test("loadSigner() gives danny (JSON) its legacy keyid by default and the modern one on request", async () => {
  const path = join(FIXTURES, "demo_files/danny");
  const legacy = await loadSigner(path);
  assert.equal(
    legacy.publicKey.keyid,
    "36a5529f72cf3b1cc096a28887350969212f9d6c46529658ab186fc0cb781699",
  );
  const modern = await loadSigner(path, { flavour: "modern" });
  assert.equal(modern.publicKey.keyid, keyidsOf(legacy.publicKey).modern);
  assert.equal(modern.publicKey.keyid_hash_algorithms, undefined);
  const publicKey = await loadPublicKey(join(FIXTURES, "demo_files/danny.pub"));
  assert.deepEqual(publicKey, legacy.publicKey);
});

const PTY_KEYGEN = `
import os, pty, select, sys
password = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv("/usr/bin/in-toto-keygen", ["in-toto-keygen"] + sys.argv[2:])
out = b""
while True:
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        break
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if out.rstrip(b" ").endswith(b":"):
        os.write(fd, password + b"\\n")
        out += b"|"
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

/** Runs in-toto-keygen 1.3.1, answering its password prompts. */
async function inTotoKeygen(
  dir: string,
  args: string[],
  password = "",
): Promise<void> {
  const result = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", PTY_KEYGEN, password, ...args],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
}

Deno.test("loadSigner() loads keys written by in-toto-keygen 1.3.1, with and without password, with its keyids", async () => {
  const dir = await tempDir();
  const types = ["rsa", "ed25519", "ecdsa"];
  for (const type of types) {
    await inTotoKeygen(dir, ["-t", type, "-b", "2048", type]);
    await inTotoKeygen(
      dir,
      ["-p", "-t", type, "-b", "2048", `${type}_pw`],
      "s3cret",
    );
  }
  const encrypted = await Deno.readTextFile(join(dir, "rsa_pw"));
  assert.match(encrypted, /Proc-Type: 4,ENCRYPTED/);
  const result = await python(`
import json, sys
from securesystemslib import interface
d = ${JSON.stringify(dir)}
out = {}
for t in ["rsa", "ed25519", "ecdsa"]:
    out[t] = interface.import_privatekey_from_file(d + "/" + t, key_type=t)["keyid"]
    out[t + "_pw"] = interface.import_privatekey_from_file(d + "/" + t + "_pw", key_type=t, password="s3cret")["keyid"]
    out[t + ".pub"] = list(interface.import_publickeys_from_file([d + "/" + t + ".pub"], [t]))[0]
print(json.dumps(out))
`);
  assert.equal(result.code, 0, result.stderr);
  const expected = JSON.parse(result.stdout);
  for (const type of types) {
    const plain = await loadSigner(join(dir, type), {
      flavour: "legacy",
      keyType: type as "rsa",
    });
    assert.equal(plain.publicKey.keyid, expected[type], type);
    const withPassword = await loadSigner(join(dir, `${type}_pw`), {
      flavour: "legacy",
      password: "s3cret",
    });
    assert.equal(withPassword.publicKey.keyid, expected[`${type}_pw`], type);
    const publicKey = await loadPublicKey(join(dir, `${type}.pub`), {
      flavour: "legacy",
    });
    assert.equal(publicKey.keyid, expected[`${type}.pub`], type);
    const signature = await plain.sign(DATA);
    assert.ok(await verifySignature(publicKey, signature, DATA));
    await assert.rejects(
      loadSigner(join(dir, `${type}_pw`), { password: "wrong" }),
      (error) =>
        isIntotoError(error, "WRONG_PASSWORD") &&
        error.message.includes(`"${join(dir, `${type}_pw`)}"`),
    );
    await assert.rejects(
      loadSigner(join(dir, `${type}_pw`)),
      (error) => isIntotoError(error, "WRONG_PASSWORD"),
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadSigner() rejects bad key files with a clear error naming the file", async () => {
  const dir = await tempDir(
    "demo_files/alice",
    "demo_files/danny",
    "pems/ed25519_private_encrypted.pem",
    "pems/rsa_private_encrypted.pem",
  );
  const alice = await Deno.readTextFile(join(dir, "alice"));
  const danny = JSON.parse(await Deno.readTextFile(join(dir, "danny")));
  const rsa1024 = await python(`
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
k = rsa.generate_private_key(public_exponent=65537, key_size=1024)
print(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode())
`);
  const files: Record<string, string> = {
    garbage: "this is not a key\n",
    binary: "\u0000\u00ff\u00fe",
    empty: "",
    truncated: alice.slice(0, 900),
    "bad-base64": alice.replace("MIIG4w", "MII*4w"),
    "trailing-der": alice.replace(
      "-----END RSA PRIVATE KEY-----",
      "AAAA\n-----END RSA PRIVATE KEY-----",
    ),
    "two-blocks": alice + alice,
    "certificate":
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    "json-array": "[1, 2]",
    "json-truncated": '{"keytype": "ed25519", ',
    "json-number-keytype": JSON.stringify({ ...danny, keytype: 1 }),
    "json-keyval-string": JSON.stringify({ ...danny, keyval: "x" }),
    "json-unknown-scheme": JSON.stringify({ ...danny, scheme: "ed448" }),
    "json-wrong-keyid": JSON.stringify({ ...danny, keyid: "ab".repeat(32) }),
    "json-mismatched-private": JSON.stringify({
      ...danny,
      keyval: { ...danny.keyval, private: "11".repeat(32) },
    }),
    "json-short-public": JSON.stringify({
      ...danny,
      keyval: { public: "abcd", private: danny.keyval.private },
    }),
    "json-duplicate-key": '{"keytype": "ed25519", "keytype": "rsa"}',
    "encrypted-sslib-garbage": `${"00".repeat(16)}@@@@100@@@@${
      "00".repeat(32)
    }@@@@${"00".repeat(16)}@@@@abcd`,
    rsa1024: rsa1024.stdout,
  };
  for (const [name, content] of Object.entries(files)) {
    await Deno.writeTextFile(join(dir, name), content);
  }
  const expectations: [string, string, RegExp, string?][] = [
    ["garbage", "INVALID_KEY", /not a PEM or securesystemslib key file/],
    ["binary", "INVALID_KEY", /not a PEM/],
    ["empty", "INVALID_KEY", /not a PEM/],
    ["truncated", "INVALID_KEY", /no complete PEM block/],
    ["bad-base64", "INVALID_KEY", /not valid base64/],
    ["trailing-der", "INVALID_KEY", /trailing data|malformed DER/],
    ["two-blocks", "INVALID_KEY", /expected one PEM block, found 2/],
    ["certificate", "INVALID_KEY", /unsupported PEM block "CERTIFICATE"/],
    ["json-array", "INVALID_KEY", /must hold an object/],
    ["json-truncated", "INVALID_KEY", /not valid JSON/],
    ["json-number-keytype", "INVALID_KEY", /"keytype" must be a string/],
    ["json-keyval-string", "INVALID_KEY", /"keyval" must be an object/],
    [
      "json-unknown-scheme",
      "INVALID_KEY",
      /unsupported signature scheme "ed448"/,
    ],
    ["json-wrong-keyid", "INVALID_KEY", /is not the hash of the key/],
    ["json-mismatched-private", "INVALID_KEY", /does not match the public key/],
    ["json-short-public", "INVALID_KEY", /64 lowercase hex/],
    ["json-duplicate-key", "INVALID_KEY", /duplicate key/],
    ["encrypted-sslib-garbage", "WRONG_PASSWORD", /wrong password/, "pw"],
    ["rsa1024", "INVALID_KEY", /1024 bits is too small/],
    ["rsa_private_encrypted.pem", "WRONG_PASSWORD", /wrong password/, "nope"],
    ["ed25519_private_encrypted.pem", "WRONG_PASSWORD", /wrong password/, "x"],
    ["ed25519_private_encrypted.pem", "WRONG_PASSWORD", /give its password/],
    ["alice", "INVALID_KEY", /is an rsa key, not ed25519/],
    ["missing", "FILE_NOT_FOUND", /no such file/],
  ];
  for (const [name, code, pattern, password] of expectations) {
    const path = join(dir, name);
    await assert.rejects(
      loadSigner(path, {
        ...(password === undefined ? {} : { password }),
        ...(name === "alice" ? { keyType: "ed25519" as const } : {}),
      }),
      (error) => {
        assert.ok(isIntotoError(error), `${name}: ${error}`);
        assert.equal(error.code, code, `${name}: ${error.message}`);
        assert.match(error.message, pattern, name);
        assert.ok(error.message.includes(`"${path}"`), error.message);
        assert.doesNotMatch(error.message, /\n|\.$/, name);
        return true;
      },
    );
  }
  await assert.rejects(
    loadSigner(join(FIXTURES, "demo_files/alice.pub")),
    /it is a public key; pass the private key to sign/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadPublicKey() refuses a file larger than any key before parsing it", async () => {
  const dir = await tempDir();
  const path = join(dir, "huge.pub");
  const pem = await Deno.readTextFile(join(FIXTURES, "pems", "rsa_public.pem"));
  await Deno.writeTextFile(path, pem + " ".repeat(2 * 1024 * 1024));
  await assert.rejects(
    loadPublicKey(path),
    (error) =>
      isIntotoError(error, "LIMIT_EXCEEDED") &&
      error.message ===
        `Cannot read "${path}": it is larger than the limit of 1048576 bytes`,
  );
});
