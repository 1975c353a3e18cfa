// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * ECDSA signatures (`ecdsa-sha2-nistp256/384/521`) through Web Crypto.
 * in-toto writes them as DER, which is parsed strictly: minimal encoding, no
 * trailing bytes, 0 < r, s < n. Both s and n - s verify, as in the
 * reference; callers never count or deduplicate signatures by their bytes.
 *
 * @module
 */

import {
  DerReader,
  encodeInteger,
  encodeSequence,
  readSequence,
} from "./der.ts";
import type { KeyKind } from "./key_kind.ts";
import { type Curve, curveOrder, curveSize } from "./pkcs.ts";

/**
 * Turns a DER ECDSA signature into Web Crypto's r‖s form, strictly.
 *
 * @param der The signature.
 * @param curve Its curve.
 * @returns r‖s, or undefined when the DER is malformed or r, s are out of
 * range.
 */
export function ecdsaDerToRaw(
  der: Uint8Array,
  curve: Curve,
): Uint8Array | undefined {
  let r: bigint;
  let s: bigint;
  try {
    const reader: DerReader = readSequence(der);
    r = reader.integer();
    s = reader.integer();
    reader.end();
  } catch {
    return undefined;
  }
  const n = curveOrder(curve);
  if (r <= 0n || s <= 0n || r >= n || s >= n) return undefined;
  const size = curveSize(curve);
  const raw = new Uint8Array(2 * size);
  raw.set(bigintBytes(r, size), 0);
  raw.set(bigintBytes(s, size), size);
  return raw;
}

/**
 * Turns Web Crypto's r‖s ECDSA signature into DER.
 *
 * @param raw r‖s.
 * @returns The DER encoding.
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return encodeSequence(
    encodeInteger(raw.subarray(0, half)),
    encodeInteger(raw.subarray(half)),
  );
}

function bigintBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let rest = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** ECDSA keys on the NIST curves. */
export const ecdsa: KeyKind = {
  async verifier(info, scheme) {
    const curve = info.curve!;
    const key = await crypto.subtle.importKey(
      "spki",
      info.spki as Uint8Array<ArrayBuffer>,
      { name: "ECDSA", namedCurve: curve },
      false,
      ["verify"],
    );
    return {
      verify: async (signature, data) => {
        const raw = ecdsaDerToRaw(signature, curve);
        if (!raw) return false;
        return await crypto.subtle.verify(
          { name: "ECDSA", hash: scheme.hash },
          key,
          raw as Uint8Array<ArrayBuffer>,
          data as Uint8Array<ArrayBuffer>,
        );
      },
    };
  },
  async signer(privateKey, scheme) {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      privateKey.pkcs8 as Uint8Array<ArrayBuffer>,
      { name: "ECDSA", namedCurve: privateKey.publicKey.curve! },
      false,
      ["sign"],
    );
    return async (data) =>
      ecdsaRawToDer(
        new Uint8Array(
          await crypto.subtle.sign(
            { name: "ECDSA", hash: scheme.hash },
            key,
            data as Uint8Array<ArrayBuffer>,
          ),
        ),
      );
  },
};
