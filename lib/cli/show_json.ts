// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto show --json`: the normalised document (the layout as validated,
 * the link or Statement with only their known fields) and, around it, its
 * layers with who signed them and whether the keys given verify them.
 *
 * @module
 */

import type { Certificate } from "../crypto/x509/certificate.ts";
import type { JsonObject } from "../json/parse.ts";
import type { BundleLayer } from "./show_bundle.ts";
import type {
  EnvelopeLayer,
  Layer,
  Shown,
  ShownSignature,
} from "./show_document.ts";

/**
 * The JSON of `intoto show --json`.
 *
 * @param shown The file, its signatures checked or not.
 * @returns `{file, layers, document}`: each layer's `format` (`metablock`,
 * `dsse`, `sigstore-bundle`) and signers, and the document.
 */
export function shownToJson(shown: Shown): JsonObject {
  return {
    file: shown.source,
    layers: shown.layers.map(layerJson),
    ...(shown.document === undefined ? {} : {
      type: shown.document.kind,
      document: shown.document.json,
    }),
  };
}

function layerJson(layer: Layer): JsonObject {
  return layer.kind === "bundle" ? bundleJson(layer) : envelopeJson(layer);
}

function bundleJson(layer: BundleLayer): JsonObject {
  const material = layer.material;
  return {
    format: "sigstore-bundle",
    mediaType: layer.mediaType,
    signer: material.kind === "publicKey"
      ? { publicKeyHint: material.hint }
      : material.kind === "certificate-unreadable"
      ? { certificateProblem: material.problem }
      : {
        certificate: {
          ...certificateJson(material.certificates[0]!),
          ...(material.oidcIssuer === undefined
            ? {}
            : { oidcIssuer: material.oidcIssuer }),
        },
      },
    tlogEntries: layer.tlogEntries.map((entry) => ({ ...entry })),
    rfc3161Timestamps: layer.rfc3161Timestamps,
    content: layer.content,
    ...(layer.messageDigest === undefined
      ? {}
      : { messageDigest: layer.messageDigest }),
  };
}

function envelopeJson(layer: EnvelopeLayer): JsonObject {
  return {
    format: layer.kind,
    ...(layer.file.payloadType === undefined
      ? {}
      : { payloadType: layer.file.payloadType }),
    signatures: layer.signatures.map(signatureJson),
  };
}

function signatureJson(signature: ShownSignature): JsonObject {
  const check = signature.check;
  return {
    keyid: signature.keyid,
    ...(signature.gpg ? { gpg: true } : {}),
    ...(signature.certificates === undefined
      ? {}
      : { certificate: certificateJson(signature.certificates[0]!) }),
    ...(signature.certificateProblem === undefined
      ? {}
      : { certificateProblem: signature.certificateProblem }),
    verified: check.state === "unchecked" ? null : check.state === "verified",
    ...(check.state === "verified" ? { verifiedWith: check.keys } : {}),
    ...(check.state === "unchecked" ? { notChecked: check.reason } : {}),
    ...(check.state === "failed" && check.reason !== undefined
      ? { problem: check.reason }
      : {}),
  };
}

function certificateJson(certificate: Certificate): JsonObject {
  return {
    subject: certificate.subjectText,
    issuer: certificate.issuerText,
    uris: certificate.uris,
    emails: certificate.emails,
    dnsNames: certificate.dnsNames,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
  };
}
