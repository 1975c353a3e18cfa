// Copyright 2026 the intoto authors. Apache-2.0 license.
// GPG keys and signatures made by a real gpg, verified in-process.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { generateKeyPairSync, sign } from "node:crypto";
import { canonicalBytes } from "../../lib/json/canonical.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import { gpgKeyDict, parseGpgKeyDict } from "../../lib/crypto/gpg/key.ts";
import { parseExportedGpgKey } from "../../lib/crypto/gpg/keyring.ts";
import { readPackets } from "../../lib/crypto/gpg/packet.ts";
import { gpgSignatureOf } from "../../lib/crypto/gpg/sign.ts";
import { parseSignaturePacket } from "../../lib/crypto/gpg/signature_packet.ts";
import {
  type GpgSignature,
  signatureTrailer,
  verifyGpgSignature,
} from "../../lib/crypto/gpg/verify.ts";
import { type GpgHome, withGpgHome } from "../_gpg.ts";

const LINK: JsonObject = { _type: "link", name: "build", command: ["make"] };
const DATA = canonicalBytes(LINK);
const TEXT = new TextDecoder().decode(DATA);

/** gpg's detached signature of `text`, raw. */
async function detach(
  home: GpgHome,
  text: string,
  extra: string[] = [],
): Promise<Uint8Array> {
  const path = `${home.home}/sig-${crypto.randomUUID()}`;
  await home.gpg(
    ["--detach-sign", "--digest-algo", "SHA256", ...extra, "--output", path],
    text,
  );
  return await Deno.readFile(path);
}

async function signature(home: GpgHome, text: string, extra: string[] = []) {
  return gpgSignatureOf(await detach(home, text, extra));
}

async function exported(home: GpgHome, keyid: string) {
  return await parseExportedGpgKey(
    await Deno.readFile(await home.export(keyid)),
  );
}

function fail(field: string, detail: string): never {
  throw new Error(`${field}: ${detail}`);
}

for (
  const [name, algorithm, subkey] of [
    ["RSA 3072 with an RSA signing subkey", "rsa3072", "rsa2048"],
    ["DSA 2048 (q 224 or 256)", "dsa2048", undefined],
    ["DSA 1024 (q 160)", "dsa1024", undefined],
    ["Ed25519 with an Ed25519 signing subkey", "ed25519", "ed25519"],
  ] as const
) {
  Deno.test(`GPG ${name}: gpg's signature verifies, from the export and from the dict`, async () => {
    await withGpgHome(undefined, async (home) => {
      const primary = await home.generate(
        `K <k@example.com>`,
        algorithm,
        subkey === undefined ? "sign,cert" : "cert",
      );
      const sub = subkey === undefined
        ? undefined
        : await home.addSubkey(primary, subkey, "sign");
      const key = await exported(home, primary);
      assert.equal(key.keyid, primary.toLowerCase());
      if (sub !== undefined) {
        // Bound by a verified binding signature, even for Ed25519 (where
        // the reference's framing drops it).
        assert.deepEqual(Object.keys(key.subkeys), [sub.toLowerCase()]);
      }
      const armored = await parseExportedGpgKey(
        await Deno.readFile(await home.export(primary, true)),
      );
      assert.deepEqual(armored, key);
      const signed = await signature(home, TEXT);
      assert.equal(signed.keyid, (sub ?? primary).toLowerCase());
      assert.equal(await verifyGpgSignature(key, signed, DATA), true);
      const dict = parseGpgKeyDict(gpgKeyDict(key), fail);
      assert.equal(await verifyGpgSignature(dict, signed, DATA), true);
      const tampered = canonicalBytes({ ...LINK, name: "other" });
      assert.equal(await verifyGpgSignature(dict, signed, tampered), false);
    });
  });
}

Deno.test("GPG: a signature verifies over exactly the canonical bytes", async () => {
  await withGpgHome(undefined, async (home) => {
    const primary = await home.generate("C <c@example.com>", "ed25519", "sign");
    const key = await exported(home, primary);
    const pretty = await signature(home, JSON.stringify(LINK, null, 1));
    assert.equal(await verifyGpgSignature(key, pretty, DATA), false);
    const withNewline = await signature(home, `${TEXT}\n`);
    assert.equal(await verifyGpgSignature(key, withNewline, DATA), false);
  });
});

Deno.test("GPG: SHA-1 and MD5 signatures are refused, naming the hash", async () => {
  await withGpgHome(undefined, async (home) => {
    const primary = await home.generate("H <h@example.com>", "rsa2048", "sign");
    const key = await exported(home, primary);
    const raw = await detach(home, TEXT, ["--digest-algo", "SHA1"]);
    const packet = parseSignaturePacket(readPackets(raw)[0]!.body)!;
    assert.equal(packet.hash, 2);
    const sha1: GpgSignature = {
      keyid: key.keyid,
      otherHeaders: packet.hashed,
      signature: packet.values[0]!,
    };
    await assert.rejects(
      verifyGpgSignature(key, sha1, DATA),
      /uses SHA1, which is refused/,
    );
    const md5 = { ...sha1, otherHeaders: packet.hashed.slice() };
    md5.otherHeaders[3] = 1;
    await assert.rejects(verifyGpgSignature(key, md5, DATA), /uses MD5/);
    assert.throws(() => gpgSignatureOf(raw), /not SHA-256/);
  });
});

Deno.test("GPG: an expired primary key fails, naming the date", async () => {
  await withGpgHome(undefined, async (home) => {
    const faked = ["--faked-system-time", "20200101T000000"];
    const primary = await home.generate(
      "E <e@example.com>",
      "rsa2048",
      "sign,cert",
      "1d",
      faked,
    );
    const key = await exported(home, primary);
    assert.equal(key.validityPeriod, 86400);
    assert.equal(gpgKeyDict(key).validity_period, 86400);
    const signed = await signature(home, TEXT, [
      "--faked-system-time",
      "20200101T120000",
    ]);
    // gpg's faked clock runs on: the key may be made a second or two late.
    const expiry = new Date((key.creationTime! + 86400) * 1000);
    assert.ok(expiry.getTime() - Date.parse("2020-01-02T00:00:00Z") < 60_000);
    await assert.rejects(
      verifyGpgSignature(key, signed, DATA),
      new RegExp(
        `GPG key "${key.keyid}" expired on ${
          expiry.toISOString().replace(".000Z", "Z")
        }`,
      ),
    );
    // Before its expiry, it verifies.
    const then = Date.parse("2020-01-01T18:00:00Z") / 1000;
    assert.equal(await verifyGpgSignature(key, signed, DATA, then), true);
  });
});

Deno.test("GPG: an expired subkey fails, and so does a live subkey of an expired primary", async () => {
  await withGpgHome(undefined, async (home) => {
    const faked = ["--faked-system-time", "20200101T000000"];
    const primary = await home.generate(
      "S <s@example.com>",
      "rsa2048",
      "cert",
      "0",
      faked,
    );
    await home.gpg([
      ...faked,
      "--passphrase",
      "",
      "--quick-add-key",
      primary,
      "rsa2048",
      "sign",
      "1d",
    ]);
    const key = await exported(home, primary);
    const [sub] = Object.values(key.subkeys);
    assert.equal(sub?.validityPeriod, 86400);
    const signed = await signature(home, TEXT, [
      "--faked-system-time",
      "20200101T120000",
    ]);
    assert.equal(signed.keyid, sub!.keyid);
    await assert.rejects(
      verifyGpgSignature(key, signed, DATA),
      /GPG subkey "[0-9a-f]{40}" expired on 2020-01-02/,
    );
  });
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    // Fixture E8AC80C9…: primary expired in 2019, signing subkey 70cfabf1
    // never expires. The reference accepts its signatures; intoto does not.
    const key = await exported(
      home,
      "E8AC80C924116DABB51D4B987CB07D6D2C199C7C",
    );
    const signed = await signature(home, TEXT, [
      "--faked-system-time",
      "20190325T180000",
      "--local-user",
      "70CFABF1E2F1DC60AC5C7BCA10CD20D3D5BCB6EF!",
    ]);
    await assert.rejects(
      verifyGpgSignature(key, signed, DATA),
      /GPG key "e8ac80c9[0-9a-f]{32}" expired on 2019-03-26/,
    );
  });
});

Deno.test("GPG: a revoked primary key or subkey fails, naming the date", async () => {
  await withGpgHome(undefined, async (home) => {
    const primary = await home.generate("R <r@example.com>", "rsa2048", "cert");
    const sub = await home.addSubkey(primary, "rsa2048", "sign");
    const signed = await signature(home, TEXT);
    assert.equal(signed.keyid, sub.toLowerCase());
    assert.equal(
      await verifyGpgSignature(await exported(home, primary), signed, DATA),
      true,
    );
    await home.gpg(
      [
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--command-fd",
        "0",
        "--edit-key",
        primary,
      ],
      "key 1\nrevkey\ny\n0\n\ny\nsave\n",
    );
    const subRevoked = await exported(home, primary);
    assert.notEqual(subRevoked.subkeys[sub.toLowerCase()]?.revoked, undefined);
    await assert.rejects(
      verifyGpgSignature(subRevoked, signed, DATA),
      /GPG subkey "[0-9a-f]{40}" was revoked on \d{4}-/,
    );
    const certificate = await Deno.readTextFile(
      `${home.home}/openpgp-revocs.d/${primary}.rev`,
    );
    const path = `${home.home}/revoke.asc`;
    await Deno.writeTextFile(
      path,
      certificate.replace(/^:-----BEGIN/m, "-----BEGIN"),
    );
    await home.gpg(["--import", path]);
    await assert.rejects(
      verifyGpgSignature(await exported(home, primary), signed, DATA),
      /GPG key "[0-9a-f]{40}" was revoked on \d{4}-/,
    );
  });
});

Deno.test("GPG: a subkey counts only with a valid binding signature", async () => {
  await withGpgHome(undefined, async (home) => {
    const primary = await home.generate("B <b@example.com>", "rsa2048", "cert");
    const sub = (await home.addSubkey(primary, "rsa2048", "sign"))
      .toLowerCase();
    const signed = await signature(home, TEXT);
    const bytes = await Deno.readFile(await home.export(primary));
    const good = await parseExportedGpgKey(bytes);
    assert.equal(await verifyGpgSignature(good, signed, DATA), true);
    // Corrupt the last byte of the binding signature (the last packet).
    const broken = bytes.slice();
    broken[broken.length - 1]! ^= 0x01;
    const unbound = await parseExportedGpgKey(broken);
    assert.deepEqual(Object.keys(unbound.subkeys), []);
    assert.equal(await verifyGpgSignature(unbound, signed, DATA), false);
    // A subkey bound with SHA-384 (which the reference drops) counts.
    const other = (await home.addSubkey(primary, "rsa2048", "sign", [
      "--cert-digest-algo",
      "SHA384",
    ])).toLowerCase();
    const both = await exported(home, primary);
    assert.deepEqual(Object.keys(both.subkeys).sort(), [sub, other].sort());
  });
});

Deno.test("GPG: an unsupported primary algorithm and broken armour are refused", async () => {
  await withGpgHome(undefined, async (home) => {
    const primary = await home.generate(
      "P <p@example.com>",
      "nistp256",
      "sign",
    );
    await assert.rejects(
      exported(home, primary),
      /GPG key with algorithm 19 \(version 4\) is not supported/,
    );
    const rsa = await home.generate("A <a@example.com>", "rsa2048", "sign");
    const text = await Deno.readTextFile(await home.export(rsa, true));
    const lines = text.split("\n");
    const crc = lines.findIndex((line) => /^=[A-Za-z0-9+/]{4}$/.test(line));
    assert.notEqual(crc, -1);
    lines[crc] = lines[crc] === "=AAAA" ? "=AAAB" : "=AAAA";
    await assert.rejects(
      parseExportedGpgKey(new TextEncoder().encode(lines.join("\n"))),
      /the armour's checksum does not match/,
    );
  });
});

Deno.test("GPG: an RSA signature shorter than the modulus (leading zero byte dropped) verifies", async () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
  });
  const jwk = publicKey.export({ format: "jwk" });
  const hex = (text: string) =>
    Buffer.from(text, "base64url").toString("hex").replace(/^(00)+/, "");
  const key = parseGpgKeyDict({
    keyid: "ab".repeat(20),
    type: "rsa",
    method: "pgp+rsa-pkcsv1.5",
    hashes: ["pgp+SHA2"],
    keyval: { private: "", public: { n: hex(jwk.n!), e: hex(jwk.e!) } },
  }, fail);
  const otherHeaders = new Uint8Array([4, 0, 1, 8, 0, 0]);
  for (let round = 0;; round++) {
    const data = canonicalBytes({ ...LINK, round });
    const message = new Uint8Array([
      ...data,
      ...signatureTrailer(otherHeaders),
    ]);
    const full = new Uint8Array(sign("sha256", message, privateKey));
    if (full[0] !== 0) continue;
    const signed = { keyid: key.keyid, otherHeaders, signature: full.slice(1) };
    assert.equal(await verifyGpgSignature(key, signed, data), true);
    break;
  }
});

Deno.test("GPG key dicts: the keyid must be the fingerprint of the parameters when creation_time is given", async () => {
  await withGpgHome(undefined, async (home) => {
    const primary = await home.generate("D <d@example.com>", "ed25519", "sign");
    const dict = gpgKeyDict(await exported(home, primary)) as {
      keyval: { public: { q: string } };
    } & JsonObject;
    assert.equal(parseGpgKeyDict(dict, fail).keyid, primary.toLowerCase());
    const q = dict.keyval.public.q;
    dict.keyval.public.q = `${q.slice(0, -2)}${q.endsWith("00") ? "01" : "00"}`;
    assert.throws(
      () => parseGpgKeyDict(dict, fail),
      /keyid: "[0-9a-f]{40}" is not the fingerprint of the key/,
    );
    delete dict.creation_time;
    assert.equal(parseGpgKeyDict(dict, fail).keyid, primary.toLowerCase());
  });
});
