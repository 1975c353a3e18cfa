// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What `intoto show` reads: any of intoto's inputs (a layout or link in a
 * metablock or DSSE envelope, a Statement signed or not, a Sigstore bundle)
 * parsed and validated into its layers, outermost first, and the document
 * inside. Nothing is verified here (`show_signatures.ts` does that).
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJson,
} from "../json/parse.ts";
import type { Certificate } from "../crypto/x509/certificate.ts";
import { parseCertificatesPem } from "../crypto/x509/certificate.ts";
import { type Layout, validateLayout } from "../model/layout.ts";
import { type Link, linkToJson, validateLink } from "../model/link.ts";
import { parseSignedFile, type SignedFile } from "../model/signed_file.ts";
import { checkStatementFormat } from "../model/link_of_file.ts";
import {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
} from "../model/link_predicate.ts";
import {
  type Statement,
  STATEMENT_TYPE,
  statementToJson,
  validateStatement,
} from "../model/statement.ts";
import { STATEMENT_V01 } from "../verify/sigstore/bundle.ts";
import { type BundleLayer, readBundle } from "./show_bundle.ts";

export type { BundleLayer } from "./show_bundle.ts";

/** The outcome of checking one signature against the keys given. */
export type SignatureCheck =
  | { state: "unchecked"; reason: string }
  | { state: "verified"; keys: string[] }
  | { state: "failed"; reason?: string };

/** One signature of an envelope, and who it says signed. */
export interface ShownSignature {
  /** The keyid hint as written; may be empty. */
  keyid: string;
  /** A GPG signature (metablocks only). */
  gpg: boolean;
  /** ITE-7: the certificate it carries (leaf first), when readable. */
  certificates?: Certificate[];
  /** Why the certificate it carries cannot be read. */
  certificateProblem?: string;
  /** Whether the keys given verify it. */
  check: SignatureCheck;
}

/** A metablock or DSSE envelope around the document. */
export interface EnvelopeLayer {
  /** The format. */
  kind: "metablock" | "dsse";
  /** The parsed file, whose signed bytes signatures are checked over. */
  file: SignedFile;
  /** Its signatures, in order. */
  signatures: ShownSignature[];
  /** The envelope is the content of a Sigstore bundle (signed by its key). */
  inBundle: boolean;
}

/** A layer around the document: who signed, how. */
export type Layer = EnvelopeLayer | BundleLayer;

/** The document inside the layers, validated. */
export type ShownDocument =
  | { kind: "layout"; layout: Layout; json: JsonObject }
  | { kind: "link"; link: Link; json: JsonObject }
  | {
    kind: "statement";
    statement: Statement;
    /** The `_type` as written: v1 or v0.1. */
    type: string;
    /** The link, when the predicate is a link's. */
    link?: Link;
    json: JsonObject;
  };

/** A file as `intoto show` sees it. */
export interface Shown {
  /** The file's name. */
  source: string;
  /** The layers, outermost first; none for an unsigned document. */
  layers: Layer[];
  /** The document; none for a bundle that signs a file's bytes. */
  document?: ShownDocument;
  /** What validation reported that is not an error. */
  warnings: string[];
}

/**
 * How messages name an envelope's format.
 *
 * @param kind The format.
 * @returns `metablock` or `DSSE envelope`.
 */
export function layerName(kind: "metablock" | "dsse"): string {
  return kind === "dsse" ? "DSSE envelope" : "metablock";
}

const NO_KEY: SignatureCheck = { state: "unchecked", reason: "no key given" };

/**
 * Reads any input of intoto into its layers and document.
 *
 * @param bytes The file's content.
 * @param source The file's name, for messages.
 * @returns The layers and the document.
 * @throws {IntotoError} `INVALID_JSON`, `INVALID_METADATA` (naming the
 * field, or saying which inputs are understood), `LIMIT_EXCEEDED`.
 *
 * @example Usage
 * ```ts
 * import { readShown } from "./show_document.ts";
 * import assert from "node:assert/strict";
 * const link = JSON.stringify({ signed: { _type: "link", name: "build",
 *   command: [], materials: {}, products: {}, byproducts: {},
 *   environment: {} }, signatures: [] });
 * const shown = readShown(new TextEncoder().encode(link), "build.link");
 * assert.equal(shown.layers[0]?.kind, "metablock");
 * assert.equal(shown.document?.kind, "link");
 * ```
 */
export function readShown(bytes: Uint8Array, source: string): Shown {
  let value: JsonValue;
  try {
    value = parseJson(bytes, { source });
  } catch (error) {
    if (!isIntotoError(error, "INVALID_JSON")) throw error;
    throw new IntotoError("INVALID_JSON", `${error.message}; ${WHAT}`, {
      cause: error,
    });
  }
  const warnings: string[] = [];
  if (!isJsonObject(value)) throw unknownInput(source, "it is not an object");
  const has = (key: string) => Object.hasOwn(value, key);
  /** The document of an envelope, inside `outer` layers. */
  const inside = (outer: Layer[], envelope: EnvelopeLayer): Shown => ({
    source,
    layers: [...outer, envelope],
    document: readDocument(envelope.file.payload, {
      source,
      file: envelope.file,
      warnings,
    }),
    warnings,
  });
  if (typeof value.mediaType === "string" && !has("signatures")) {
    const bundle = readBundle(value, source);
    if (bundle.envelope === undefined) {
      return { source, layers: [bundle.layer], warnings };
    }
    return inside(
      [bundle.layer],
      readEnvelope(bundle.envelope, `${source} dsseEnvelope`, {
        inBundle: true,
      }),
    );
  }
  if (has("signatures")) {
    return inside([], readEnvelope(bytes, source, { inBundle: false }));
  }
  if (has("_type")) {
    return {
      source,
      layers: [],
      document: readDocument(value, { source, warnings }),
      warnings,
    };
  }
  throw unknownInput(source, 'it has no "_type", "signatures" or "mediaType"');
}

/** What to give instead of an input `show` does not know. */
const WHAT =
  "give a layout or link (metablock or DSSE), a DSSE envelope, an in-toto Statement (JSON) or a Sigstore bundle";

function unknownInput(source: string, why: string): IntotoError {
  return new IntotoError(
    "INVALID_METADATA",
    `Cannot show "${source}": ${why}; ${WHAT}`,
  );
}

/** Parses a metablock or DSSE envelope, from bytes or a bundle's object. */
function readEnvelope(
  input: Uint8Array | JsonObject,
  source: string,
  options: { inBundle: boolean },
): EnvelopeLayer {
  const bytes = input instanceof Uint8Array
    ? input
    : new TextEncoder().encode(JSON.stringify(input));
  const file = parseSignedFile(bytes, source);
  return {
    kind: file.format,
    file,
    signatures: file.signatures.map((signature): ShownSignature => {
      const shown: ShownSignature = {
        keyid: signature.keyid,
        gpg: signature.otherHeaders !== undefined,
        check: NO_KEY,
      };
      if (signature.cert !== undefined) {
        try {
          shown.certificates = parseCertificatesPem(signature.cert);
        } catch (error) {
          if (!isIntotoError(error)) throw error;
          shown.certificateProblem = error.message;
        }
      }
      return shown;
    }),
    inBundle: options.inBundle,
  };
}

/** Validates a layout, link or Statement by its `_type`. */
function readDocument(
  payload: JsonObject,
  options: { source: string; file?: SignedFile; warnings: string[] },
): ShownDocument {
  const { source, file, warnings } = options;
  const type = payload._type;
  if (type === "layout") {
    const layout = validateLayout(payload, { source, warnings });
    return { kind: "layout", layout, json: payload };
  }
  if (type === "link") {
    const link = validateLink(payload, { source, warnings });
    return { kind: "link", link, json: linkToJson(link) };
  }
  if (type === STATEMENT_TYPE || type === STATEMENT_V01) {
    if (file !== undefined) checkStatementFormat(file, source);
    const statement = validateStatement(
      type === STATEMENT_V01 ? { ...payload, _type: STATEMENT_TYPE } : payload,
      { source, allowNoSubject: true },
    );
    const json = statementToJson(statement);
    json._type = type;
    return {
      kind: "statement",
      statement,
      type,
      json,
      ...(statement.predicateType === LINK_PREDICATE_TYPE
        ? { link: linkFromStatement(statement, { source }) }
        : {}),
    };
  }
  throw unknownInput(
    source,
    `its payload's "_type" is ${
      describe(type)
    }, not "layout", "link" or "${STATEMENT_TYPE}"`,
  );
}

function describe(value: JsonValue | undefined): string {
  return value === undefined ? "missing" : JSON.stringify(value);
}
