// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { generateKeyPairSync } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { isIntotoError } from "../../lib/errors.ts";
import {
  type Curve,
  curveOrder,
  ed25519Public,
  parseEcPrivate,
} from "../../lib/crypto/pkcs.ts";
import {
  encodeDer,
  encodeInteger,
  encodeSequence,
  TAG,
} from "../../lib/crypto/der.ts";
import { random } from "../rules/_random.ts";

const NOBLE = { "P-256": p256, "P-384": p384, "P-521": p521 } as const;

function isInvalidKey(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    if (isIntotoError(error, "INVALID_KEY")) return true;
    throw error;
  }
}

/** 32 little-endian bytes of `value`, with the sign bit `sign`. */
function encodePoint(value: bigint, sign: number): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  }
  bytes[31]! |= sign << 7;
  return bytes;
}

Deno.test("ed25519Public() accepts exactly the points @noble/curves decodes in strict RFC 8032 mode", () => {
  const p = 2n ** 255n - 19n;
  const edges = [0n, 1n, 2n, p - 2n, p - 1n, p, p + 1n, 2n ** 255n - 1n]
    .flatMap((y) => [encodePoint(y, 0), encodePoint(y, 1)]);
  const next = random(25519);
  const samples = Array.from(
    { length: 2000 },
    () => Uint8Array.from({ length: 32 }, () => Math.floor(next() * 256)),
  );
  let valid = 0;
  for (const raw of [...edges, ...samples]) {
    let nobleValid = true;
    try {
      ed25519.Point.fromBytes(raw, false);
    } catch {
      nobleValid = false;
    }
    if (nobleValid) valid++;
    assert.equal(
      !isInvalidKey(() => ed25519Public(raw)),
      nobleValid,
      `point ${raw.toHex()}`,
    );
  }
  // About half of all 32-byte strings are points: both kinds were tried.
  assert.ok(valid > 500 && valid < 1500, `${valid} valid points`);
});

Deno.test("curveOrder() is each curve's base point order", () => {
  for (const curve of ["P-256", "P-384", "P-521"] as const) {
    assert.equal(curveOrder(curve), NOBLE[curve].Point.CURVE().n);
  }
});

/** A SEC1 ECPrivateKey holding only the scalar. */
function sec1(scalar: Uint8Array): Uint8Array {
  return encodeSequence(encodeInteger(1), encodeDer(TAG.octetString, scalar));
}

Deno.test("parseEcPrivate() derives the public point @noble/curves derives, and refuses scalars out of range", () => {
  for (const curve of ["P-256", "P-384", "P-521"] as const satisfies Curve[]) {
    const noble = NOBLE[curve];
    const size = curve === "P-521" ? 66 : Number(curve.slice(2)) / 8;
    for (let i = 0; i < 3; i++) {
      const { privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
      const jwk = privateKey.export({ format: "jwk" });
      const scalar = new Uint8Array(Buffer.from(jwk.d!, "base64url"));
      const parsed = parseEcPrivate(sec1(scalar), curve);
      const point = noble.getPublicKey(scalar, false);
      assert.deepEqual(parsed.publicKey.spki.slice(-point.length), point);
    }
    const order = curveOrder(curve);
    for (const value of [0n, order, order + 1n]) {
      const scalar = Uint8Array.fromHex(
        value.toString(16).padStart(size * 2, "0"),
      );
      assert.ok(isInvalidKey(() => parseEcPrivate(sec1(scalar), curve)));
    }
    const one = new Uint8Array(size);
    one[size - 1] = 1;
    assert.deepEqual(
      parseEcPrivate(sec1(one), curve).publicKey.spki.slice(-(1 + 2 * size)),
      noble.getPublicKey(one, false),
    );
  }
});
