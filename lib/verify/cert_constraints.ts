// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * ITE-7: whether a certificate may sign for a step. Its chain must reach one
 * of the layout's `rootcas` through `intermediatecas` (and intermediates
 * that travel with the signature) under `crypto/x509/chain.ts`'s checks,
 * and it must meet one of the step's `cert_constraints` with
 * in-toto-golang's matching rules: `["*"]` accepts anything, an empty list
 * (or `[""]`) requires the certificate to have no such value, and otherwise
 * the certificate's values must be exactly the listed ones (each once),
 * compared byte for byte. `roots` differs from in-toto-golang on purpose:
 * it names the roots the chain may end in (golang compares it with the list
 * of all rootcas, whatever the chain).
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { PublicKey } from "../crypto/key.ts";
import { verifySignature } from "../crypto/signature.ts";
import {
  type Certificate,
  describeCertificate,
  parseCertificatesPem,
} from "../crypto/x509/certificate.ts";
import { verifyCertificateChain } from "../crypto/x509/chain.ts";
import { certificateKey } from "../crypto/x509/key.ts";
import {
  authorityCertificates,
  type CertConstraint,
} from "../model/certificate_authority.ts";
import type { Layout, Step } from "../model/layout.ts";
import type { SignedFile } from "../model/signed_file.ts";

/** A certificate that may sign for a step. */
export interface CertificateSigner {
  /** Its key, with in-toto-golang's keyid. */
  key: PublicKey;
  /** The certificate for people: subject and serial. */
  certificate: string;
}

/** Most certificates a signature may carry: the leaf and its intermediates. */
const MAX_CARRIED_CERTIFICATES = 10;

function quoted(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

/** The empty list in golang's eyes: none, or exactly `[""]`. */
function normalise(values: readonly string[]): readonly string[] {
  return values.length === 1 && values[0] === "" ? [] : values;
}

/**
 * How a certificate's values differ from a constraint's list.
 *
 * @param field The attribute, for the message.
 * @param allowed The constraint's list.
 * @param actual The certificate's values.
 * @returns Undefined when they match, else the mismatch.
 */
function listMismatch(
  field: string,
  allowed: readonly string[],
  actual: readonly string[],
): string | undefined {
  if (allowed.length === 1 && allowed[0] === "*") return undefined;
  const want = normalise(allowed);
  const have = normalise(actual);
  if (want.length === 0) {
    return have.length === 0
      ? undefined
      : `${field}: the certificate has ${
        quoted(have)
      }, the constraint allows none`;
  }
  const wanted = new Set(want);
  const seen = new Set<string>();
  for (const value of have) {
    if (!wanted.has(value)) {
      return `${field}: the certificate has ${
        JSON.stringify(value)
      }, the constraint allows ${quoted([...wanted])}`;
    }
    if (seen.has(value)) {
      return `${field}: the certificate has ${JSON.stringify(value)} twice`;
    }
    seen.add(value);
  }
  const missing = [...wanted].filter((value) => !seen.has(value));
  return missing.length === 0
    ? undefined
    : `${field}: the certificate lacks ${quoted(missing)}`;
}

/** A URI with its scheme lower-cased, as Go's URL printer writes it. */
function normaliseUri(uri: string): string {
  return uri.replace(
    /^[A-Za-z][A-Za-z0-9+.-]*:/,
    (scheme) => scheme.toLowerCase(),
  );
}

function attributeMismatch(
  constraint: CertConstraint,
  certificate: Certificate,
): string | undefined {
  const name = certificate.commonName;
  return listMismatch(
    "common_name",
    constraint.common_name === "" ? [] : [constraint.common_name],
    name === undefined ? [] : [name],
  ) ??
    listMismatch("dns_names", constraint.dns_names, certificate.dnsNames) ??
    listMismatch("emails", constraint.emails, certificate.emails) ??
    listMismatch(
      "organizations",
      constraint.organizations,
      certificate.organizations,
    ) ??
    listMismatch(
      "uris",
      constraint.uris,
      certificate.uris.map(normaliseUri),
    );
}

/** The layout's CAs, parsed (validation already accepted them). */
function authorities(layout: Layout) {
  const roots = Object.entries(layout.rootcas ?? {}).map(([keyid, ca]) => ({
    keyid,
    certificates: authorityCertificates(ca),
  }));
  const intermediates = Object.values(layout.intermediatecas ?? {}).flatMap(
    authorityCertificates,
  );
  return { roots, intermediates };
}

/**
 * Why a certificate may not sign for a step, if it may not.
 *
 * @param leaf The signer's certificate.
 * @param carried Intermediates that came with it.
 * @param options The step, the layout, the time.
 * @returns Undefined when it may sign, else the reason: the certificate
 * (subject and serial) and the check that failed.
 */
export function constraintProblem(
  leaf: Certificate,
  carried: readonly Certificate[],
  options: { step: Step; layout: Layout; at: Date },
): string | undefined {
  const { roots, intermediates } = authorities(options.layout);
  const chainTo = (anchors: typeof roots) =>
    verifyCertificateChain(leaf, {
      roots: anchors.flatMap((root) => root.certificates),
      intermediates: [...intermediates, ...carried],
      at: options.at,
    });
  try {
    chainTo(roots);
  } catch (error) {
    if (!(error instanceof IntotoError)) throw error;
    return error.message;
  }
  const constraints = options.step.cert_constraints ?? [];
  const failures = constraints.map((constraint) => {
    const mismatch = attributeMismatch(constraint, leaf);
    if (mismatch !== undefined) return mismatch;
    if (constraint.roots.length === 1 && constraint.roots[0] === "*") {
      return undefined;
    }
    const allowed = roots.filter((root) =>
      constraint.roots.includes(root.keyid)
    );
    if (allowed.length === 0) return "roots: the constraint allows no root";
    try {
      chainTo(allowed);
      return undefined;
    } catch {
      return `roots: its chain ends in none of ${quoted(constraint.roots)}`;
    }
  });
  if (failures.some((failure) => failure === undefined)) return undefined;
  const which = failures.length === 1
    ? failures[0]
    : failures.map((failure, index) => `#${index + 1} ${failure}`).join("; ");
  return `certificate ${
    describeCertificate(leaf)
  } fails the cert_constraints check of step "${options.step.name}": ${which}`;
}

/**
 * Finds a signature of `file` made by a certificate that may sign for the
 * step: it carries the certificate (`cert`), verifies with the certificate's
 * key, and the certificate passes {@linkcode constraintProblem}.
 *
 * @param file The link file.
 * @param options The step, the layout, the time.
 * @returns The signer, or the reasons no signature qualified.
 */
export async function certificateSigner(
  file: SignedFile,
  options: { step: Step; layout: Layout; at: Date },
): Promise<CertificateSigner | { reason: string }> {
  const reasons: string[] = [];
  for (const signature of file.signatures) {
    if (signature.cert === undefined || signature.otherHeaders) continue;
    const count = signature.cert.split("-----BEGIN ").length - 1;
    if (count > MAX_CARRIED_CERTIFICATES) {
      reasons.push(
        `its cert field holds ${count} PEM blocks, more than the limit of ${MAX_CARRIED_CERTIFICATES}`,
      );
      continue;
    }
    let chain: Certificate[];
    try {
      chain = parseCertificatesPem(signature.cert);
    } catch (error) {
      if (!(error instanceof IntotoError)) throw error;
      reasons.push(`its certificate cannot be read: ${error.message}`);
      continue;
    }
    const [leaf, ...carried] = chain as [Certificate, ...Certificate[]];
    const key = certificateKey(leaf);
    if (!await verifySignature(key, signature.sig, file.signedBytes)) {
      reasons.push(
        `its signature does not verify with the key of certificate ${
          describeCertificate(leaf)
        }`,
      );
      continue;
    }
    const problem = constraintProblem(leaf, carried, options);
    if (problem === undefined) {
      return { key, certificate: describeCertificate(leaf) };
    }
    reasons.push(problem);
  }
  if (reasons.length === 0) {
    reasons.push("no signature on it carries a certificate");
  }
  return { reason: reasons.join("; ") };
}
