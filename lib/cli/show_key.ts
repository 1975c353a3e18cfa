// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto show` for key material: X.509 certificates (what ITE-7 checks of
 * them, and the keyid a layout names them by) and public keys (their
 * keyids in both flavours, or a GPG key's parts), as lines for a person or
 * as JSON.
 *
 * @module
 */

import type { PublicKey } from "../crypto/key.ts";
import { keyidsOf } from "../crypto/keyid.ts";
import type { GpgKeyPart } from "../crypto/gpg/key.ts";
import { gpgDate } from "../crypto/gpg/verify.ts";
import {
  type Certificate,
  EXTENDED_KEY_USAGE_NAMES,
} from "../crypto/x509/certificate.ts";
import { formatIpAddress } from "../crypto/x509/name_constraints.ts";
import { certificateKey } from "../crypto/x509/key.ts";
import type { JsonObject } from "../json/parse.ts";
import { formatExpires } from "../model/date.ts";

const KEY_USAGES = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
];

/** A certificate as plain JSON. */
function certificateJson(certificate: Certificate, now: Date): JsonObject {
  const key = certificateKey(certificate);
  return {
    subject: certificate.subjectText,
    issuer: certificate.issuerText,
    serial: certificate.serial,
    not_before: formatExpires(certificate.notBefore),
    not_after: formatExpires(certificate.notAfter),
    valid_now: now >= certificate.notBefore && now <= certificate.notAfter,
    ca: certificate.ca ?? null,
    path_length: certificate.pathLength ?? null,
    key_usage: certificate.keyUsage === undefined
      ? null
      : [...certificate.keyUsage].map((bit) => KEY_USAGES[bit] ?? `bit ${bit}`),
    extended_key_usage:
      certificate.extendedKeyUsage?.map((oid) =>
        EXTENDED_KEY_USAGE_NAMES.get(oid) ?? oid
      ) ?? null,
    dns_names: certificate.dnsNames,
    emails: certificate.emails,
    uris: certificate.uris,
    ip_addresses: certificate.ipAddresses.map(formatIpAddress),
    name_constraints: certificate.nameConstraints === undefined ? null : {
      permitted: namesJson(certificate.nameConstraints.permitted),
      excluded: namesJson(certificate.nameConstraints.excluded),
    },
    keyid: key.keyid,
    keytype: key.keytype,
    scheme: key.scheme,
  };
}

function namesJson(
  names: NonNullable<Certificate["nameConstraints"]>["permitted"],
): JsonObject {
  return {
    dns: names.dns,
    emails: names.emails,
    uris: names.uris,
    ips: names.ips.map((range) =>
      `${formatIpAddress(range.address)}/${formatIpAddress(range.mask)}`
    ),
  };
}

/**
 * PEM certificates as JSON: what `show --json` prints for them.
 *
 * @param certificates The file's certificates, in order.
 * @param now The time "valid_now" is judged at.
 * @returns One object per certificate.
 */
export function certificatesToJson(
  certificates: readonly Certificate[],
  now: Date,
): JsonObject[] {
  return certificates.map((certificate) => certificateJson(certificate, now));
}

/**
 * PEM certificates for a person: identity, validity, usages, names, and
 * the keyid a layout's rootcas, intermediatecas or a link names it by.
 *
 * @param certificates The file's certificates, in order.
 * @param source The file's name.
 * @param now The time validity is judged at.
 * @returns The lines.
 */
export function renderCertificates(
  certificates: readonly Certificate[],
  source: string,
  now: Date,
): string[] {
  const lines = [`${source}: ${certificates.length} X.509 certificate(s)`];
  for (const certificate of certificates) {
    const json = certificateJson(certificate, now);
    const list = (values: unknown) =>
      Array.isArray(values) && values.length > 0 ? values.join(", ") : "none";
    lines.push(
      `certificate ${json.subject}`,
      `  issuer: ${json.issuer}`,
      `  serial: ${json.serial}`,
      `  valid: ${json.not_before} to ${json.not_after} (${
        json.valid_now ? "valid now" : "NOT valid now"
      })`,
      `  CA: ${
        certificate.ca === true
          ? `yes${
            certificate.pathLength === undefined
              ? ""
              : `, path length ${certificate.pathLength}`
          }`
          : "no"
      }`,
      `  key usage: ${
        json.key_usage === null ? "any (no extension)" : list(json.key_usage)
      }`,
      `  extended key usage: ${
        json.extended_key_usage === null
          ? "any (no extension)"
          : list(json.extended_key_usage)
      }`,
      `  DNS names: ${list(certificate.dnsNames)}`,
      `  emails: ${list(certificate.emails)}`,
      `  URIs: ${list(certificate.uris)}`,
      `  IP addresses: ${list(json.ip_addresses)}`,
    );
    const constraints = json.name_constraints as JsonObject | null;
    if (constraints !== null) {
      for (const kind of ["permitted", "excluded"] as const) {
        const names = constraints[kind] as Record<string, string[]>;
        const all = Object.entries(names).flatMap(([form, values]) =>
          values.map((value) => `${form}:${value}`)
        );
        lines.push(`  name constraints, ${kind}: ${list(all)}`);
      }
    }
    lines.push(
      `  key: ${json.keytype} ${json.scheme}, keyid ${json.keyid} (as in-toto-golang names it)`,
    );
  }
  return lines;
}

/**
 * A public key as JSON: its key object fields and both keyids, or a GPG
 * key's parts.
 *
 * @param key The loaded key.
 * @returns The object.
 */
export function keyToJson(key: PublicKey): JsonObject {
  if (key.gpg !== undefined) {
    return {
      type: "gpg",
      fingerprint: key.gpg.keyid,
      ...gpgPartJson(key.gpg),
      subkeys: Object.values(key.gpg.subkeys).map((part) => ({
        fingerprint: part.keyid,
        ...gpgPartJson(part),
      })),
    };
  }
  const keyids = keyidsOf(key);
  return {
    keytype: key.keytype,
    scheme: key.scheme,
    keyid_legacy: keyids.legacy,
    keyid_modern: keyids.modern,
  };
}

function gpgPartJson(part: GpgKeyPart): JsonObject {
  const when = (seconds: number | undefined) =>
    seconds === undefined ? null : gpgDate(seconds);
  return {
    algorithm: part.type,
    created: when(part.creationTime),
    expires: part.validityPeriod === undefined ||
        part.creationTime === undefined
      ? null
      : gpgDate(part.creationTime + part.validityPeriod),
    revoked: when(part.revoked),
  };
}

/**
 * A public key for a person: its type and scheme and both keyids (which a
 * layout and link names use), or a GPG key's fingerprint and subkeys.
 *
 * @param key The loaded key.
 * @param source The file's name.
 * @returns The lines.
 */
export function renderKey(key: PublicKey, source: string): string[] {
  const json = keyToJson(key);
  if (key.gpg === undefined) {
    return [
      `${source}: ${key.keytype} public key (${key.scheme})`,
      `  keyid, legacy (in-toto 1.3.1 -k, in-toto-golang): ${json.keyid_legacy}`,
      `  keyid, modern (in-toto 3): ${json.keyid_modern}`,
      `  links it signs are named <step>.${
        String(json.keyid_legacy).slice(0, 8)
      }.link`,
    ];
  }
  const describe = (part: JsonObject) =>
    `${part.algorithm}, created ${part.created ?? "?"}${
      part.expires === null ? "" : `, expires ${part.expires}`
    }${part.revoked === null ? "" : `, REVOKED ${part.revoked}`}`;
  return [
    `${source}: GPG key ${json.fingerprint}`,
    `  ${describe(json)}`,
    ...(json.subkeys as JsonObject[]).map((subkey) =>
      `  subkey ${subkey.fingerprint}: ${describe(subkey)}`
    ),
  ];
}
