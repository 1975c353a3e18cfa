// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { keyMaterial } from "../../lib/crypto/key_identity.ts";
import type { PublicKey } from "../../lib/crypto/key.ts";

const PEM =
  "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAMrK1lylderrvxc/S1Yj2sC3Jg6WM9Wd7HX0gr4LH4aI=\n-----END PUBLIC KEY-----";

function key(keyid: string, material: string, scheme = "ed25519"): PublicKey {
  return { keyid, keytype: "ed25519", scheme, keyval: { public: material } };
}

Deno.test("keyMaterial() is equal for one key however it is listed", () => {
  const hex =
    "32b2b597295d7a9ef4c5cfd2d588f6b02dc983a58cf5677b1d7d20af82c7e1a2";
  assert.equal(
    keyMaterial(key("a", hex)),
    keyMaterial(key("b", hex.toUpperCase())),
  );
  assert.equal(keyMaterial(key("a", PEM)), keyMaterial(key("b", PEM + "\n")));
  assert.equal(
    keyMaterial(key("a", PEM)),
    keyMaterial(key("c", PEM.replace("\n", "\r\n"), "other-scheme")),
  );
  assert.notEqual(
    keyMaterial(key("a", PEM)),
    keyMaterial(key("a", PEM.replace("aI=", "aA="))),
  );
  assert.notEqual(
    keyMaterial(key("a", hex)),
    keyMaterial(key("a", hex.slice(2) + "00")),
  );
});
