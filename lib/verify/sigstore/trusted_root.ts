// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The Sigstore trusted root: the embedded public-good root, or one the user
 * gives, checked for the fields that verification would otherwise widen.
 *
 * @module
 */

import { IntotoError } from "../../errors.ts";
import { parseJson } from "../../json/parse.ts";
import type { JsonObject, JsonValue } from "../../json/parse.ts";

/** Where the embedded root comes from (see trusted_root.md beside it). */
export const EMBEDDED_ROOT = {
  source:
    "https://github.com/sigstore/root-signing/blob/c9bda74ad2221f938f7d2e0295ca3aad2da710a8/targets/trusted_root.json",
  date: "2025-09-22",
  fetched: "2026-08-21",
  sha256: "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66",
} as const;

/** A trusted root and where it came from. */
export interface TrustedRootSource {
  /** The root as JSON (protobuf-specs `TrustedRoot`). */
  json: JsonObject;
  /** "embedded" or the file it was read from. */
  origin: string;
}

/**
 * Loads the embedded public-good root.
 *
 * @returns The root.
 */
export async function embeddedTrustedRoot(): Promise<TrustedRootSource> {
  const module = await import("./trusted_root.json", {
    with: { type: "json" },
  });
  return { json: module.default as JsonObject, origin: "embedded" };
}

/**
 * Parses and checks a trusted root file's text.
 *
 * @param bytes The file's bytes.
 * @param source The file name, for messages.
 * @returns The root.
 * @throws {IntotoError} `INVALID_JSON` or `INVALID_METADATA`.
 */
export function parseTrustedRoot(
  bytes: Uint8Array,
  source: string,
): TrustedRootSource {
  const json = parseJson(bytes, { source });
  checkTrustedRoot(json, source);
  return { json: json as JsonObject, origin: source };
}

/**
 * Rejects a root whose keys or CAs lack a `validFor.start`: verification
 * would otherwise read a missing start as 1970, trusting a key forever.
 *
 * @param json The parsed root.
 * @param source Its name, for messages.
 * @throws {IntotoError} `INVALID_METADATA` naming the entry.
 */
export function checkTrustedRoot(json: JsonValue, source: string): void {
  const bad = (what: string) =>
    new IntotoError(
      "INVALID_METADATA",
      `Trusted root "${source}" is not usable: ${what}`,
    );
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw bad("it is not a JSON object");
  }
  const list = (name: string): JsonValue[] => {
    const value = json[name];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw bad(`"${name}" is not a list`);
    return value;
  };
  const start = (entry: JsonValue, path: string[], where: string) => {
    let value: JsonValue | undefined = entry;
    for (const part of path) {
      value = value !== null && typeof value === "object" &&
          !Array.isArray(value)
        ? value[part]
        : undefined;
    }
    if (typeof value !== "string" || value === "") {
      throw bad(`${where} has no validFor.start`);
    }
  };
  for (const name of ["tlogs", "ctlogs"]) {
    list(name).forEach((entry, index) =>
      start(entry, ["publicKey", "validFor", "start"], `${name}[${index}]`)
    );
  }
  for (const name of ["certificateAuthorities", "timestampAuthorities"]) {
    list(name).forEach((entry, index) =>
      start(entry, ["validFor", "start"], `${name}[${index}]`)
    );
  }
}
