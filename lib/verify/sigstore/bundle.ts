// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Verifies a Sigstore bundle offline: media type, certificate chain to the
 * trusted root at signing time, SCTs, transparency-log entries, RFC 3161
 * timestamps and the signature (through @sigstore/verify, loaded only
 * here), then the signer policy, the in-toto statement and the artifacts.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createPublicKey, X509Certificate } from "node:crypto";
import { IntotoError } from "../../errors.ts";
import { parseJson } from "../../json/parse.ts";
import type { JsonObject } from "../../json/parse.ts";
import { type DigestSet, digestSetsMatch } from "../../model/digest_set.ts";
import { IN_TOTO_PAYLOAD_TYPE } from "../../model/dsse.ts";
import {
  type Statement,
  STATEMENT_TYPE,
  validateStatement,
} from "../../model/statement.ts";
import {
  CODE_SIGNING_EKU,
  KEY_USAGE,
  parseCertificate,
} from "../../crypto/x509/certificate.ts";
import { verifyPrehashedEcdsa } from "../../crypto/ecdsa_prehashed.ts";
import { loggedVerifiers } from "./logged_key.ts";
import { installDefaultDigest } from "./digest_shim.ts";
import {
  type CertificateIdentity,
  type CertificatePolicy,
  checkCertificatePolicy,
  extensionText,
  namesSigner,
} from "./policy.ts";
import type { TrustedRootSource } from "./trusted_root.ts";

/** The bundle media types accepted, v0.1 to v0.3 in both spellings. */
export const BUNDLE_MEDIA_TYPES: readonly string[] = Object.freeze([
  "application/vnd.dev.sigstore.bundle+json;version=0.1",
  "application/vnd.dev.sigstore.bundle+json;version=0.2",
  "application/vnd.dev.sigstore.bundle+json;version=0.3",
  "application/vnd.dev.sigstore.bundle.v0.3+json",
]);

/** The protobuf-specs name of SHA-256 in a message digest. */
const HASH_ALGORITHM_SHA2_256 = 1;
/** The `_type` of Statements v0.1, which older bundles carry. */
export const STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
const FULCIO_PREFIX = "1.3.6.1.4.1.57264.1.";

/** One artifact to match: its digests, and its bytes when it is a file. */
export interface BundleArtifact {
  /** As the user named it. */
  name: string;
  /** Its digests (sha256, and sha512 when known). */
  digest: DigestSet;
  /** Its content, needed for a message signature. */
  bytes?: Uint8Array;
}

/** Options for {@linkcode verifySigstoreBundle}. */
export interface VerifyBundleOptions {
  /** The trusted root. */
  trustedRoot: TrustedRootSource;
  /** A PEM public key, for a key-signed bundle; else `certificate` applies. */
  key?: string;
  /** Who must have signed, for a certificate bundle. */
  certificate?: CertificatePolicy;
  /** The predicate type required, if any. */
  predicateType?: string;
  /** Artifacts; each must match a subject (or the message digest). */
  artifacts: readonly BundleArtifact[];
  /** The bundle's file name, for messages. */
  source: string;
}

/** What verification established. */
export interface BundleFacts {
  /** The bundle's media type. */
  mediaType: string;
  /** "dsse" or "message-signature". */
  content: "dsse" | "message-signature";
  /** The certificate's identity, or "key" for a key-signed bundle. */
  identity: string;
  /** The OIDC issuer, if a certificate. */
  issuer?: string;
  /** The first transparency-log entry's index, if any. */
  logIndex?: string;
  /** Its integrated time (ISO 8601), if any. */
  integratedTime?: string;
  /** How many RFC 3161 timestamps the bundle carries. */
  rfc3161Timestamps: number;
  /** The verified statement, for a DSSE bundle. */
  statement?: Statement;
  /** Fulcio extensions by OID, as text. */
  extensions: Record<string, string>;
}

/**
 * Verifies a Sigstore bundle and its artifacts.
 *
 * @param bytes The bundle file's bytes.
 * @param options Trust root, policy, artifacts.
 * @returns What was verified.
 * @throws {IntotoError} exit-2 codes for unreadable input, else
 * `VERIFICATION_FAILED`, `SIGNATURE_INVALID` or `ARTIFACT_MISMATCH` naming
 * the failed check.
 */
export async function verifySigstoreBundle(
  bytes: Uint8Array,
  options: VerifyBundleOptions,
): Promise<BundleFacts> {
  const { source } = options;
  const certificate = options.certificate ?? {};
  if (options.key === undefined && !namesSigner(certificate)) {
    throw new IntotoError(
      "USAGE",
      `Cannot verify bundle "${source}" without a policy: name the signer's identity and issuer, its GitHub repository or workflow, or a public key`,
    );
  }
  if (options.key !== undefined) {
    try {
      createPublicKey(options.key);
    } catch (error) {
      throw new IntotoError(
        "INVALID_KEY",
        `Cannot use the public key: ${message(error)}`,
      );
    }
  }
  const json = parseJson(bytes, { source });
  const mediaType = checkShape(json, source, options.key !== undefined);
  const [{ bundleFromJSON }, verify, { TrustedRoot }] = await Promise.all([
    import("@sigstore/bundle"),
    import("@sigstore/verify"),
    import("@sigstore/protobuf-specs"),
  ]);
  installDefaultDigest();
  // deno-lint-ignore no-explicit-any
  let bundle: any;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Bundle "${source}" is not a valid Sigstore bundle: ${message(error)}`,
    );
  }
  const content = bundle.content.$case === "dsseEnvelope"
    ? "dsse"
    : "message-signature";
  const signed = content === "dsse"
    ? undefined
    : messageArtifact(bundle, options.artifacts, source);
  // deno-lint-ignore no-explicit-any
  let material: any;
  try {
    const root = TrustedRoot.fromJSON(options.trustedRoot.json);
    material = options.key === undefined
      ? verify.toTrustMaterial(root)
      : verify.toTrustMaterial(root, () => ({
        publicKey: createPublicKey(options.key!),
        validFor: () => true,
      }));
  } catch (error) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot use trusted root "${options.trustedRoot.origin}": ${
        message(error)
      }`,
    );
  }
  // deno-lint-ignore no-explicit-any
  let signer: any;
  try {
    const entity = verify.toSignedEntity(
      bundle,
      signed === undefined
        ? undefined
        : Buffer.from("bytes" in signed ? signed.bytes : new Uint8Array()),
    );
    if (signed !== undefined && "digest" in signed) {
      const signature = entity.signature.signature;
      entity.signature.verifySignature = (key) =>
        verifyPrehashedEcdsa(key, signed.digest, signature);
    }
    signer = new verify.Verifier(material).verify(entity);
  } catch (error) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Bundle "${source}" failed the ${checkName(error)} check: ${
        message(error)
      }`,
    );
  }
  if (signer.identity !== undefined) {
    checkLeafUsage(json as JsonObject, source);
  }
  checkLoggedVerifiers(bundle, json as JsonObject, options.key, source);
  const facts = factsOf(bundle, mediaType, content, signer);
  if (options.key === undefined) {
    try {
      checkCertificatePolicy(certificate, identityOf(signer));
    } catch (error) {
      throw new IntotoError(
        "VERIFICATION_FAILED",
        `Bundle "${source}": ${message(error)}`,
      );
    }
  }
  if (content === "dsse") {
    facts.statement = statementOf(bundle, source, options.predicateType);
    matchSubjects(facts.statement, options.artifacts, source);
  } else if (options.predicateType !== undefined) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Bundle "${source}" failed the predicate type check: it signs a file, not a statement of type "${options.predicateType}"`,
    );
  }
  return facts;
}

/** Checks what @sigstore/bundle leaves open; returns the media type. */
function checkShape(
  json: unknown,
  source: string,
  keyed: boolean,
): string {
  const bad = (why: string) =>
    new IntotoError(
      "INVALID_METADATA",
      `Bundle "${source}" is not a Sigstore bundle intoto accepts: ${why}`,
    );
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw bad("it is not a JSON object");
  }
  const object = json as JsonObject;
  const mediaType = object.mediaType;
  if (
    typeof mediaType !== "string" || !BUNDLE_MEDIA_TYPES.includes(mediaType)
  ) {
    throw bad(
      `media type ${
        JSON.stringify(mediaType ?? null)
      } is not one of v0.1, v0.2 or v0.3`,
    );
  }
  const material = object.verificationMaterial as JsonObject | undefined;
  const chain = (material?.x509CertificateChain as JsonObject | undefined)
    ?.certificates;
  if (chain !== undefined) {
    if (mediaType.includes("0.3")) {
      throw bad("a v0.3 bundle must hold a single certificate, not a chain");
    }
    if (Array.isArray(chain) && chain.some(selfSigned)) {
      throw bad("its certificate chain holds a root certificate");
    }
  }
  if (keyed && material?.publicKey === undefined) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Bundle "${source}" failed the public key check: it is signed with a certificate, not a key`,
    );
  }
  return mediaType;
}

/** A self-signed certificate: issuer equals subject and it verifies itself. */
function selfSigned(entry: unknown): boolean {
  const raw = (entry as JsonObject | null)?.rawBytes;
  if (typeof raw !== "string") return false;
  try {
    const cert = new X509Certificate(Buffer.from(raw, "base64"));
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/**
 * The leaf may sign code and nothing else: key usage digitalSignature and
 * not keyCertSign, extended key usage codeSigning (@sigstore/verify checks
 * neither).
 */
function checkLeafUsage(json: JsonObject, source: string): void {
  const material = json.verificationMaterial as JsonObject;
  const leaf = (material.certificate as JsonObject | undefined) ??
    ((material.x509CertificateChain as JsonObject)
      .certificates as JsonObject[])[
        0
      ];
  const certificate = parseCertificate(
    new Uint8Array(Buffer.from(leaf!.rawBytes as string, "base64")),
  );
  const usage = certificate.keyUsage;
  const problem = usage?.has(KEY_USAGE.digitalSignature) !== true
    ? "its key usage lacks digitalSignature"
    : usage.has(KEY_USAGE.keyCertSign)
    ? "its key usage allows signing certificates"
    : !certificate.extendedKeyUsage?.includes(CODE_SIGNING_EKU)
    ? "its extended key usage lacks codeSigning"
    : undefined;
  if (problem !== undefined) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Bundle "${source}" failed the certificate key usage check: ${problem}`,
    );
  }
}

/** The leaf certificate's DER, from a bundle already verified. */
function leafDer(json: JsonObject): Uint8Array {
  const material = json.verificationMaterial as JsonObject;
  const leaf = (material.certificate as JsonObject | undefined) ??
    ((material.x509CertificateChain as JsonObject)
      .certificates as JsonObject[])[
        0
      ];
  return new Uint8Array(Buffer.from(leaf!.rawBytes as string, "base64"));
}

/**
 * Each Rekor v1 entry must record this bundle's certificate (byte for
 * byte) or this key (as SPKI), not only its signature.
 */
function checkLoggedVerifiers(
  // deno-lint-ignore no-explicit-any
  bundle: any,
  json: JsonObject,
  key: string | undefined,
  source: string,
): void {
  const expected = key === undefined
    ? { label: "CERTIFICATE", der: leafDer(json) }
    : {
      label: "PUBLIC KEY",
      der: new Uint8Array(
        createPublicKey(key).export({ type: "spki", format: "der" }),
      ),
    };
  for (const entry of bundle.verificationMaterial.tlogEntries ?? []) {
    let body;
    try {
      body = JSON.parse(Buffer.from(entry.canonicalizedBody).toString("utf8"));
    } catch {
      body = null;
    }
    const logged = loggedVerifiers(body);
    if (logged === undefined) continue;
    const same = logged.length > 0 &&
      logged.every((verifier) =>
        verifier.label === expected.label &&
        Buffer.from(verifier.der).equals(Buffer.from(expected.der))
      );
    if (!same) {
      throw new IntotoError(
        "VERIFICATION_FAILED",
        `Bundle "${source}" failed the transparency log entry body check: log index ${entry.logIndex} records another ${
          key === undefined ? "certificate" : "key"
        } than the bundle's`,
      );
    }
  }
}

/**
 * What a message signature is checked over: exactly one artifact, either a
 * file's bytes or a SHA-256 digest that must equal the bundle's message
 * digest (the signature is then verified over the digest).
 */
function messageArtifact(
  // deno-lint-ignore no-explicit-any
  bundle: any,
  artifacts: readonly BundleArtifact[],
  source: string,
): { bytes: Uint8Array } | { digest: Uint8Array } {
  const [artifact] = artifacts;
  if (artifacts.length !== 1 || artifact === undefined) {
    throw new IntotoError(
      "USAGE",
      `Bundle "${source}" signs one file: give exactly that file or its sha256 digest`,
    );
  }
  if (artifact.bytes !== undefined) return { bytes: artifact.bytes };
  const signed = bundle.content.messageSignature.messageDigest;
  const digest = new Uint8Array(signed?.digest ?? []);
  if (
    signed?.algorithm !== HASH_ALGORITHM_SHA2_256 ||
    Buffer.from(digest).toString("hex") !== artifact.digest.sha256
  ) {
    throw new IntotoError(
      "ARTIFACT_MISMATCH",
      `Bundle "${source}" failed the message digest check: it signs a file whose SHA-256 is not "${artifact.name}"`,
    );
  }
  return { digest };
}

/** Names the check a @sigstore/verify error comes from. */
function checkName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "TLOG_INCLUSION_PROOF_ERROR":
      return "transparency log inclusion proof";
    case "TLOG_INCLUSION_PROMISE_ERROR":
      return "transparency log signed entry timestamp";
    case "TLOG_MISSING_INCLUSION_ERROR":
      return "transparency log inclusion";
    case "TLOG_BODY_ERROR":
      return "transparency log entry body";
    case "TLOG_ERROR":
      return "transparency log";
    case "CERTIFICATE_ERROR":
      return "certificate chain and SCT";
    case "PUBLIC_KEY_ERROR":
      return "public key";
    case "SIGNATURE_ERROR":
      return "signature";
    case "TIMESTAMP_ERROR":
      return "timestamp";
    default:
      return "bundle";
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// deno-lint-ignore no-explicit-any
function identityOf(signer: any): CertificateIdentity {
  const extensions = new Map<number, string>();
  for (const { oid, value } of signer.identity?.oids ?? []) {
    const id: string = oid?.id?.join(".") ?? "";
    if (!id.startsWith(FULCIO_PREFIX)) continue;
    const number = Number(id.slice(FULCIO_PREFIX.length));
    const text = extensionText(number, new Uint8Array(value));
    if (Number.isInteger(number) && text !== undefined) {
      extensions.set(number, text);
    }
  }
  return {
    identity: signer.identity?.subjectAlternativeName ?? "",
    issuer: signer.identity?.extensions?.issuer,
    extensions,
  };
}

function factsOf(
  // deno-lint-ignore no-explicit-any
  bundle: any,
  mediaType: string,
  content: "dsse" | "message-signature",
  // deno-lint-ignore no-explicit-any
  signer: any,
): BundleFacts {
  const facts: BundleFacts = {
    mediaType,
    content,
    identity: signer.identity === undefined ? "key" : "",
    rfc3161Timestamps: bundle.verificationMaterial.timestampVerificationData
      ?.rfc3161Timestamps?.length ?? 0,
    extensions: {},
  };
  if (signer.identity !== undefined) {
    const identity = identityOf(signer);
    facts.identity = identity.identity;
    if (identity.issuer !== undefined) facts.issuer = identity.issuer;
    for (const [number, text] of identity.extensions) {
      facts.extensions[FULCIO_PREFIX + number] = text;
    }
  }
  const entry = bundle.verificationMaterial.tlogEntries?.[0];
  if (entry !== undefined) {
    facts.logIndex = String(entry.logIndex);
    const seconds = Number(entry.integratedTime ?? "0");
    if (seconds > 0) {
      facts.integratedTime = new Date(seconds * 1000).toISOString();
    }
  }
  return facts;
}

// deno-lint-ignore no-explicit-any
function statementOf(bundle: any, source: string, predicateType?: string) {
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Bundle "${source}" failed the payload type check: its envelope carries "${envelope.payloadType}", not "${IN_TOTO_PAYLOAD_TYPE}"`,
    );
  }
  const parsed = parseJson(new Uint8Array(envelope.payload), { source });
  const value = parsed !== null && typeof parsed === "object" &&
      !Array.isArray(parsed) && parsed._type === STATEMENT_V01
    ? { ...parsed, _type: STATEMENT_TYPE }
    : parsed;
  const statement = validateStatement(value, { source });
  if (
    predicateType !== undefined && statement.predicateType !== predicateType
  ) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Bundle "${source}" failed the predicate type check: it is "${statement.predicateType}", not "${predicateType}"`,
    );
  }
  return statement;
}

function matchSubjects(
  statement: Statement,
  artifacts: readonly BundleArtifact[],
  source: string,
): void {
  for (const artifact of artifacts) {
    if (
      !statement.subject.some((subject) =>
        digestSetsMatch(subject.digest, artifact.digest)
      )
    ) {
      throw new IntotoError(
        "ARTIFACT_MISMATCH",
        `Bundle "${source}" failed the subject check: "${artifact.name}" matches no subject of its statement by digest`,
      );
    }
  }
}
