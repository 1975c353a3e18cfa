// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * verifyEd25519() hashes the message with node:crypto instead of noble's
 * JavaScript SHA-512: differentially, it accepts exactly what noble's own
 * strict verification accepts, on valid, tampered and malformed
 * signatures.
 */
import assert from "node:assert/strict";
import { ed25519 } from "@noble/curves/ed25519.js";
import { verifyEd25519 } from "../../lib/crypto/_ed25519_verify.ts";
import { random } from "../rules/_random.ts";

/** The order of the Ed25519 group, little-endian, to make S ≥ L. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  }
  return bytes;
}

function fromLittleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) {
    value = (value << 8n) | BigInt(bytes[i]!);
  }
  return value;
}

Deno.test("verifyEd25519() accepts exactly what noble's strict verify accepts", () => {
  const next = random(25519);
  const bytes = (length: number) =>
    Uint8Array.from({ length }, () => Math.floor(next() * 256));
  let valid = 0;
  for (let round = 0; round < 60; round++) {
    const secret = bytes(32);
    const publicKey = ed25519.getPublicKey(secret);
    const message = bytes(next.pick([0, 1, 63, 64, 1000, 70_000]));
    const signature = ed25519.sign(message, secret);
    const other = ed25519.getPublicKey(bytes(32));
    const flipped = (data: Uint8Array, at: number) => {
      const copy = data.slice();
      copy[at % copy.length]! ^= 1 << (round % 8);
      return copy;
    };
    const highS = signature.slice();
    highS.set(littleEndian(fromLittleEndian(signature.subarray(32)) + L), 32);
    const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
      [signature, message, publicKey],
      [signature, message, other],
      [flipped(signature, round), message, publicKey],
      [flipped(signature, 32 + round), message, publicKey],
      [highS, message, publicKey],
      [signature.subarray(0, 63), message, publicKey],
      [signature, flipped(new Uint8Array([...message, 0]), round), publicKey],
      [signature, message, flipped(publicKey, round)],
      // A small-order public key (the identity) and R.
      [signature, message, littleEndian(1n)],
      [
        new Uint8Array([...littleEndian(1n), ...signature.subarray(32)]),
        message,
        publicKey,
      ],
    ];
    for (const [sig, data, key] of cases) {
      const expected = sig.length === 64 &&
        ed25519.verify(sig, data, key, { zip215: false });
      assert.equal(verifyEd25519(sig, data, key), expected);
      if (expected) valid++;
    }
  }
  assert.ok(valid >= 60, `only ${valid} valid cases`);
});

Deno.test("verifyEd25519() verifies RFC 8032's first test vector", () => {
  const hex = (text: string) => Uint8Array.fromHex(text);
  const publicKey = hex(
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
  );
  const signature = hex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155" +
      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  );
  assert.equal(verifyEd25519(signature, new Uint8Array(0), publicKey), true);
  assert.equal(verifyEd25519(signature, new Uint8Array(1), publicKey), false);
});
