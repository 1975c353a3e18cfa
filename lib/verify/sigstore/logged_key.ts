// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The certificate or key a Rekor v1 entry body records for its signature.
 * @sigstore/verify compares the logged signature and digest with the
 * bundle's but never the logged certificate or key; intoto does.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { JsonValue } from "../../json/parse.ts";

/** A PEM block from a log entry: its label and DER bytes. */
export interface LoggedVerifier {
  /** "CERTIFICATE" or "PUBLIC KEY". */
  label: string;
  /** The DER content. */
  der: Uint8Array;
}

function at(value: JsonValue | undefined, ...path: (string | number)[]) {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, JsonValue>)[part as string];
  }
  return current;
}

/**
 * The verifiers a Rekor v1 entry body records, by kind: `hashedrekord`
 * 0.0.1 `spec.signature.publicKey.content`, `dsse` 0.0.1
 * `spec.signatures[].verifier`, `intoto` 0.0.2
 * `spec.content.envelope.signatures[].publicKey` (each base64 PEM).
 *
 * @param body The decoded entry body.
 * @returns The verifiers, or undefined for a kind that records none this
 * way (Rekor v2 bodies, whose key binding @sigstore/verify checks).
 */
export function loggedVerifiers(
  body: JsonValue,
): LoggedVerifier[] | undefined {
  const kind = `${at(body, "kind")}/${at(body, "apiVersion")}`;
  let encoded: JsonValue[];
  if (kind === "hashedrekord/0.0.1") {
    encoded = [at(body, "spec", "signature", "publicKey", "content") ?? null];
  } else if (kind === "dsse/0.0.1") {
    const list = at(body, "spec", "signatures");
    encoded = Array.isArray(list)
      ? list.map((s) => at(s, "verifier") ?? null)
      : [];
  } else if (kind === "intoto/0.0.2") {
    const list = at(body, "spec", "content", "envelope", "signatures");
    encoded = Array.isArray(list)
      ? list.map((s) => at(s, "publicKey") ?? null)
      : [];
  } else {
    return undefined;
  }
  return encoded.map((value) => {
    const pem = typeof value === "string"
      ? Buffer.from(value, "base64").toString("latin1")
      : "";
    const match =
      /^-----BEGIN ([A-Z ]+)-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END \1-----\s*$/
        .exec(pem);
    return match === null ? { label: "", der: new Uint8Array() } : {
      label: match[1]!,
      der: new Uint8Array(Buffer.from(match[2]!.replace(/\s/g, ""), "base64")),
    };
  });
}
