// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The outer layer of a Sigstore bundle as `intoto show` prints it: media
 * type, verification material (the signing certificate and its identity,
 * or a public key hint), transparency-log entries, timestamps, and what it
 * signs (a DSSE envelope, or a file's digest). Read from the JSON alone:
 * verifying a bundle is `verify/sigstore/bundle.ts`'s work.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "../json/parse.ts";
import {
  type Certificate,
  parseCertificate,
} from "../crypto/x509/certificate.ts";
import { decodeBase64 } from "../model/dsse.ts";
import { BUNDLE_MEDIA_TYPES } from "../verify/sigstore/bundle.ts";
import { extensionText } from "../verify/sigstore/policy.ts";

/** One transparency-log entry of a bundle. */
export interface BundleTlogEntry {
  /** Its index in the log. */
  logIndex: string;
  /** Such as `dsse 0.0.1` or `hashedrekord 0.0.1`. */
  kind: string;
  /** When the log integrated it (ISO 8601), if it says (Rekor v1). */
  integratedTime?: string;
  /** Whether it carries an inclusion proof. */
  inclusionProof: boolean;
  /** Whether it carries a signed entry timestamp. */
  inclusionPromise: boolean;
}

/** Who signed a bundle, as its verification material says. */
export type BundleMaterial =
  | {
    kind: "certificate";
    /** The signing certificate first, then any others the bundle holds. */
    certificates: Certificate[];
    /** Fulcio's OIDC issuer extension, if present. */
    oidcIssuer?: string;
  }
  | { kind: "certificate-unreadable"; problem: string }
  | { kind: "publicKey"; hint: string };

/** A Sigstore bundle, as a layer around a DSSE envelope or over a file. */
export interface BundleLayer {
  /** Always `bundle`. */
  kind: "bundle";
  /** The bundle's media type (one of v0.1 to v0.3). */
  mediaType: string;
  /** The signer's certificate or key hint. */
  material: BundleMaterial;
  /** The transparency-log entries. */
  tlogEntries: BundleTlogEntry[];
  /** How many RFC 3161 timestamps it holds. */
  rfc3161Timestamps: number;
  /** A DSSE envelope, or a signature over a file's bytes. */
  content: "dsse" | "message-signature";
  /** For a message signature: the file's digest, `sha256:HEX`. */
  messageDigest?: string;
}

const FULCIO_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
const FULCIO_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
const ALGORITHMS: Readonly<Record<string, string>> = {
  SHA2_256: "sha256",
  SHA2_384: "sha384",
  SHA2_512: "sha512",
};

/**
 * Reads a Sigstore bundle's JSON.
 *
 * @param bundle The parsed bundle.
 * @param source The file's name, for messages.
 * @returns Its layer, and its DSSE envelope's object (keyids filled in)
 * when it holds one.
 * @throws {IntotoError} `INVALID_METADATA` for an unknown media type or a
 * field of the wrong shape.
 */
export function readBundle(
  bundle: JsonObject,
  source: string,
): { layer: BundleLayer; envelope?: JsonObject } {
  const bad = (why: string) =>
    new IntotoError(
      "INVALID_METADATA",
      `Cannot show "${source}": not a Sigstore bundle intoto reads: ${why}`,
    );
  const mediaType = bundle.mediaType as string;
  if (!BUNDLE_MEDIA_TYPES.includes(mediaType)) {
    throw bad(
      `media type "${mediaType}" is not one of ${
        BUNDLE_MEDIA_TYPES.join(", ")
      }`,
    );
  }
  const object = (value: JsonValue | undefined, what: string): JsonObject => {
    if (!isJsonObject(value)) throw bad(`"${what}" is not an object`);
    return value;
  };
  const material = object(bundle.verificationMaterial, "verificationMaterial");
  const entries = material.tlogEntries ?? [];
  if (!Array.isArray(entries)) throw bad('"tlogEntries" is not an array');
  const timestamps =
    (material.timestampVerificationData as JsonObject | undefined)
      ?.rfc3161Timestamps;
  const dsse = bundle.dsseEnvelope;
  if ((dsse === undefined) === (bundle.messageSignature === undefined)) {
    throw bad('it must hold either "dsseEnvelope" or "messageSignature"');
  }
  const layer: BundleLayer = {
    kind: "bundle",
    mediaType,
    material: readMaterial(material, bad),
    tlogEntries: entries.map((entry, index) =>
      readEntry(object(entry, `tlogEntries[${index}]`))
    ),
    rfc3161Timestamps: Array.isArray(timestamps) ? timestamps.length : 0,
    content: dsse === undefined ? "message-signature" : "dsse",
  };
  if (dsse === undefined) {
    const digest = object(bundle.messageSignature, "messageSignature")
      .messageDigest as JsonObject | undefined;
    const bytes = typeof digest?.digest === "string"
      ? decodeBase64(digest.digest)
      : undefined;
    const algorithm = ALGORITHMS[String(digest?.algorithm)];
    if (bytes !== undefined && algorithm !== undefined) {
      layer.messageDigest = `${algorithm}:${bytes.toHex()}`;
    }
    return { layer };
  }
  const envelope = object(dsse, "dsseEnvelope");
  // Sigstore leaves out an empty keyid; a DSSE envelope writes it.
  if (Array.isArray(envelope.signatures)) {
    const signatures = envelope.signatures.map((signature) =>
      isJsonObject(signature) && signature.keyid === undefined
        ? { ...signature, keyid: "" }
        : signature
    );
    return { layer, envelope: { ...envelope, signatures } };
  }
  return { layer, envelope };
}

function readMaterial(
  material: JsonObject,
  bad: (why: string) => IntotoError,
): BundleMaterial {
  const publicKey = material.publicKey as JsonObject | undefined;
  if (publicKey !== undefined) {
    return { kind: "publicKey", hint: String(publicKey.hint ?? "") };
  }
  const single = material.certificate as JsonObject | undefined;
  const chain = (material.x509CertificateChain as JsonObject | undefined)
    ?.certificates;
  const raws = single !== undefined
    ? [single.rawBytes]
    : Array.isArray(chain)
    ? chain.map((item) => (item as JsonObject | null)?.rawBytes)
    : [];
  if (raws.length === 0) {
    throw bad("its verification material has no certificate or public key");
  }
  try {
    const certificates = raws.map((raw, index) => {
      const der = typeof raw === "string" ? decodeBase64(raw) : undefined;
      if (der === undefined) {
        throw new IntotoError(
          "INVALID_KEY",
          `certificate ${index + 1} is not base64`,
        );
      }
      return parseCertificate(der);
    });
    const leaf = certificates[0]!.otherExtensions;
    const v2 = leaf.get(FULCIO_ISSUER_V2);
    const v1 = leaf.get(FULCIO_ISSUER_V1);
    const oidcIssuer = v2 !== undefined
      ? extensionText(8, v2)
      : v1 !== undefined
      ? extensionText(1, v1)
      : undefined;
    return {
      kind: "certificate",
      certificates,
      ...(oidcIssuer === undefined ? {} : { oidcIssuer }),
    };
  } catch (error) {
    if (!isIntotoError(error)) throw error;
    return { kind: "certificate-unreadable", problem: error.message };
  }
}

function readEntry(entry: JsonObject): BundleTlogEntry {
  const kind = entry.kindVersion as JsonObject | undefined;
  const seconds = Number(entry.integratedTime ?? 0);
  return {
    logIndex: String(entry.logIndex ?? "?"),
    kind: `${kind?.kind ?? "?"} ${kind?.version ?? "?"}`,
    ...(Number.isSafeInteger(seconds) && seconds > 0
      ? {
        integratedTime: new Date(seconds * 1000).toISOString().replace(
          /\.000Z$/,
          "Z",
        ),
      }
      : {}),
    inclusionProof: entry.inclusionProof !== undefined,
    inclusionPromise: entry.inclusionPromise !== undefined,
  };
}
