// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The link: a functionary's signed record of one step (spec §4.4).
 *
 * @module
 */

import type { JsonObject } from "./json.ts";

/** Hashes of one artifact by algorithm, such as `{sha256: "ab12..."}`. */
export type DigestSet = Record<string, string>;

/**
 * Artifacts by relative POSIX path. Plain objects: look names up with
 * `Object.hasOwn`, since a name like `__proto__` or `constructor` is data.
 */
export type ArtifactMap = Record<string, DigestSet>;

/** A link's signed content. */
export interface Link {
  _type: "link";
  /** Must equal the name of the step it is evidence for. */
  name: string;
  command: string[];
  materials: ArtifactMap;
  products: ArtifactMap;
  /** `stdout`, `stderr`, `return-value` as recorded. */
  byproducts: JsonObject;
  environment: JsonObject;
}
