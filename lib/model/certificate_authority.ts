// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * ITE-7's layout fields as in-toto-golang writes them: `rootcas` and
 * `intermediatecas` (certificate authorities by keyid) and a step's
 * `cert_constraints`. Validation is strict: every certificate parses, every
 * CA is a CA, every keyid is the certificate's, every constraint field has
 * its type and names only known roots.
 *
 * @module
 */

import { KEY_FIELDS, KEYVAL_FIELDS } from "../crypto/key_object.ts";
import { isIntotoError } from "../errors.ts";
import type { JsonObject, JsonValue } from "../json/parse.ts";
import { setOwn } from "../json/parse.ts";
import {
  type Certificate,
  certificatePem,
  describeCertificate,
  parseCertificatesPem,
} from "../crypto/x509/certificate.ts";
import { certificateKey, golangKeyObject } from "../crypto/x509/key.ts";
import { isSpiffeUri, spiffeIdProblem } from "../crypto/x509/spiffe.ts";
import { childPath, type MetadataChecker } from "./validate.ts";

/**
 * A certificate authority in `rootcas` or `intermediatecas`: an in-toto key
 * object whose `keyval.certificate` holds the CA's PEM certificate (or
 * several), keyed by the keyid in-toto-golang derives from the certificate.
 */
export interface CertificateAuthority {
  /** The keyid of the (first) certificate's public key. */
  keyid: string;
  /** Such as `rsa`; not used (the certificate says). */
  keytype: string;
  /** Such as `rsassa-pss-sha256`; not used. */
  scheme: string;
  /** `public` may be empty; `certificate` is the PEM. */
  keyval: { public: string; certificate: string };
  /** Present when in-toto-golang wrote it. */
  keyid_hash_algorithms?: string[];
}

/**
 * One of a step's `cert_constraints`: a certificate meets it when every
 * attribute matches. A list that is exactly `["*"]` (or `common_name` of
 * `"*"`) accepts any value; an empty list (or `""`) requires the
 * certificate to have none; otherwise the certificate's values must be
 * exactly the listed ones.
 */
export interface CertConstraint {
  /** The subject's common name. */
  common_name: string;
  /** The DNS names among the subject alternative names. */
  dns_names: string[];
  /** The email addresses among the subject alternative names. */
  emails: string[];
  /** The subject's organizations. */
  organizations: string[];
  /** Keyids of `rootcas` the chain may end in. */
  roots: string[];
  /** The URIs among the subject alternative names (SPIFFE IDs). */
  uris: string[];
}

/** The list fields of a {@linkcode CertConstraint}. */
export const CONSTRAINT_LIST_FIELDS = [
  "dns_names",
  "emails",
  "organizations",
  "roots",
  "uris",
] as const;
const CONSTRAINT_FIELDS = new Set(["common_name", ...CONSTRAINT_LIST_FIELDS]);

/**
 * The certificates of a CA entry.
 *
 * @param authority The entry.
 * @returns Its certificates, in order.
 * @throws {IntotoError} `INVALID_KEY` when the PEM is not certificates.
 */
export function authorityCertificates(
  authority: CertificateAuthority,
): Certificate[] {
  return parseCertificatesPem(authority.keyval.certificate);
}

/**
 * The `rootcas`/`intermediatecas` entry of CA certificates, as
 * in-toto-golang's `in-toto key layout CERT.pem` prints it.
 *
 * @param certificates The CA's certificate first (its key names the entry).
 * @returns The entry.
 */
export function authorityEntry(
  certificates: readonly Certificate[],
): CertificateAuthority {
  const first = certificates[0]!;
  const object = golangKeyObject(first);
  return {
    keyid: certificateKey(first).keyid,
    ...object,
    keyval: {
      public: object.keyval.public,
      certificate: certificates.map(certificatePem).join(""),
    },
  };
}

function checkAuthority(
  checker: MetadataChecker,
  value: JsonValue,
  path: string,
  mapKey: string,
): CertificateAuthority {
  const object = checker.object(value, path);
  for (const field of Object.keys(object)) {
    if (!KEY_FIELDS.has(field)) checker.fail(path, `unknown field "${field}"`);
  }
  const keyvalPath = childPath(path, "keyval");
  const keyval = checker.object(object.keyval, keyvalPath);
  for (const field of Object.keys(keyval)) {
    if (!KEYVAL_FIELDS.has(field)) {
      checker.fail(keyvalPath, `unknown field "${field}"`);
    }
  }
  if (Object.hasOwn(keyval, "private") && keyval.private !== "") {
    checker.fail(
      childPath(keyvalPath, "private"),
      "a layout must not carry a private key",
    );
  }
  const pem = checker.string(
    keyval.certificate,
    childPath(keyvalPath, "certificate"),
  );
  const authority: CertificateAuthority = {
    keyid: checker.string(object.keyid, childPath(path, "keyid")),
    keytype: checker.string(object.keytype, childPath(path, "keytype")),
    scheme: checker.string(object.scheme, childPath(path, "scheme")),
    keyval: {
      public: Object.hasOwn(keyval, "public")
        ? checker.string(keyval.public, childPath(keyvalPath, "public"), true)
        : "",
      certificate: pem,
    },
  };
  if (Object.hasOwn(object, "keyid_hash_algorithms")) {
    authority.keyid_hash_algorithms = checker.strings(
      object.keyid_hash_algorithms,
      childPath(path, "keyid_hash_algorithms"),
    );
  }
  let certificates: Certificate[];
  try {
    certificates = authorityCertificates(authority);
  } catch (error) {
    if (!isIntotoError(error, "INVALID_KEY")) throw error;
    checker.fail(
      childPath(keyvalPath, "certificate"),
      `${error.message}; give the CA's PEM certificate`,
    );
  }
  for (const certificate of certificates) {
    if (certificate.ca !== true) {
      checker.fail(
        childPath(keyvalPath, "certificate"),
        `certificate ${
          describeCertificate(certificate)
        } is not a CA (its basicConstraints do not say cA): list only CA certificates here`,
      );
    }
  }
  const derived = certificateKey(certificates[0]!);
  if (authority.keyid !== mapKey) {
    checker.fail(
      childPath(path, "keyid"),
      `"${authority.keyid}" differs from the entry's name "${mapKey}"`,
    );
  }
  if (authority.keyid !== derived.keyid) {
    checker.fail(
      childPath(path, "keyid"),
      `"${authority.keyid}" is not the keyid of its certificate's key ("${derived.keyid}", as "in-toto key layout" computes it)`,
    );
  }
  const material = authority.keyval.public.replace(/\s+/g, "");
  if (
    material !== "" && material !== derived.keyval.public.replace(/\s+/g, "")
  ) {
    checker.fail(
      childPath(keyvalPath, "public"),
      "is not the certificate's public key: leave it empty or give that key",
    );
  }
  return authority;
}

/**
 * Validates `rootcas` or `intermediatecas`.
 *
 * @param checker The layout's checker.
 * @param value The field's value.
 * @param field `rootcas` or `intermediatecas`.
 * @returns The authorities by keyid.
 * @throws {IntotoError} `INVALID_METADATA` naming the entry and the problem.
 */
export function checkAuthorities(
  checker: MetadataChecker,
  value: JsonValue | undefined,
  field: "rootcas" | "intermediatecas",
): Record<string, CertificateAuthority> {
  const authorities: Record<string, CertificateAuthority> = {};
  for (const [keyid, entry] of Object.entries(checker.object(value, field))) {
    setOwn(
      authorities,
      keyid,
      checkAuthority(checker, entry, childPath(field, keyid), keyid),
    );
  }
  return authorities;
}

function constraintList(
  checker: MetadataChecker,
  object: JsonObject,
  field: typeof CONSTRAINT_LIST_FIELDS[number],
  path: string,
): string[] {
  const value = Object.hasOwn(object, field) ? object[field] : null;
  return value === null ? [] : checker.strings(value, childPath(path, field));
}

function checkConstraint(
  checker: MetadataChecker,
  value: JsonValue,
  path: string,
  rootcas: Readonly<Record<string, CertificateAuthority>>,
): CertConstraint {
  const object = checker.object(value, path);
  for (const field of Object.keys(object)) {
    if (!CONSTRAINT_FIELDS.has(field)) {
      checker.fail(
        path,
        `unknown field "${field}": a constraint has common_name, ${
          CONSTRAINT_LIST_FIELDS.join(", ")
        }`,
      );
    }
  }
  const commonName = Object.hasOwn(object, "common_name")
    ? checker.string(object.common_name, childPath(path, "common_name"), true)
    : "";
  const [dnsNames, emails, organizations, roots, uris] = CONSTRAINT_LIST_FIELDS
    .map((
      field,
    ) => constraintList(checker, object, field, path)) as [
      string[],
      string[],
      string[],
      string[],
      string[],
    ];
  roots.forEach((root, index) => {
    if (root !== "*" && !Object.hasOwn(rootcas, root)) {
      checker.fail(
        childPath(childPath(path, "roots"), index),
        `"${root}" is not a keyid of the layout's rootcas`,
      );
    }
  });
  uris.forEach((uri, index) => {
    const problem = isSpiffeUri(uri) ? spiffeIdProblem(uri) : undefined;
    if (problem !== undefined) {
      checker.fail(
        childPath(childPath(path, "uris"), index),
        `"${uri}" is not a valid SPIFFE ID: ${problem}`,
      );
    }
  });
  return {
    common_name: commonName,
    dns_names: dnsNames,
    emails,
    organizations,
    roots,
    uris,
  };
}

/**
 * Validates a step's `cert_constraints`: an array of constraint objects
 * with only the six known fields, strings where strings belong (a missing
 * list or `null` is empty), `roots` naming `"*"` or keyids of `rootcas`, and
 * SPIFFE URIs well-formed. Constraints need `rootcas` to anchor to.
 *
 * @param checker The layout's checker.
 * @param value The field's value.
 * @param path Its path, such as `steps[0].cert_constraints`.
 * @param rootcas The layout's root CAs.
 * @returns The constraints.
 * @throws {IntotoError} `INVALID_METADATA` naming the field.
 */
export function checkCertConstraints(
  checker: MetadataChecker,
  value: JsonValue | undefined,
  path: string,
  rootcas: Readonly<Record<string, CertificateAuthority>> | undefined,
): CertConstraint[] {
  const list = checker.array(value, path);
  if (list.length > 0 && Object.keys(rootcas ?? {}).length === 0) {
    checker.fail(
      path,
      `certificate constraints need root CAs, but the layout's rootcas is ${
        rootcas === undefined ? "missing" : "empty"
      }: add the CA certificates the functionaries' certificates chain to`,
    );
  }
  return list.map((item, index) =>
    checkConstraint(checker, item, childPath(path, index), rootcas ?? {})
  );
}
