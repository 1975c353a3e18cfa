// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Artifact names must be clean relative POSIX paths.
 *
 * The reference compares names as plain strings, so `./secret.key`,
 * `x/../secret.key` and `/etc/passwd` slip past `DISALLOW secret.key` and
 * `DISALLOW etc/passwd` (CVE-2021-41087 class). Python's
 * `os.path.join(prefix, rest)` also drops the prefix when `rest` starts with
 * `/`, so `src//x` makes MATCH look at the wrong artifact. Rather than
 * normalise, intoto rejects such names outright.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

/**
 * What is wrong with an artifact name, if anything.
 *
 * @param name A name from a link's materials or products.
 * @returns A short reason such as `it has a ".." segment`, or undefined for
 *   a clean relative POSIX path.
 *
 * @example Usage
 * ```ts
 * import { artifactNameProblem } from "./artifact_name.ts";
 * import assert from "node:assert/strict";
 * assert.equal(artifactNameProblem("src/a.py"), undefined);
 * assert.equal(artifactNameProblem("./a.py"), 'it has a "." segment');
 * ```
 */
export function artifactNameProblem(name: string): string | undefined {
  if (isCleanName(name)) return undefined;
  if (name === "") return "it is empty";
  if (name.includes("\0")) return "it contains a NUL character";
  if (name.includes("\\")) return "it contains a backslash";
  if (name.startsWith("/")) return "it is absolute";
  let start = 0;
  while (start <= name.length) {
    let end = name.indexOf("/", start);
    if (end < 0) end = name.length;
    const length = end - start;
    if (length === 0) return 'it has an empty segment ("//" or a final "/")';
    if (length <= 2 && name.startsWith(length === 1 ? "." : "..", start)) {
      return `it has a "${name.slice(start, end)}" segment`;
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The fast test behind {@linkcode artifactNameProblem}, one pass over the
 * name (links list 100,000 names): the same rules, without the reason.
 */
function isCleanName(name: string): boolean {
  const length = name.length;
  if (length === 0) return false;
  let start = 0;
  for (let i = 0; i <= length; i++) {
    const code = i === length ? 0x2f : name.charCodeAt(i);
    if (code === 0x2f) {
      const size = i - start;
      if (
        size === 0 ||
        (size <= 2 && name.charCodeAt(start) === 0x2e &&
          (size === 1 || name.charCodeAt(start + 1) === 0x2e))
      ) {
        return false;
      }
      start = i + 1;
    } else if (code === 0 || code === 0x5c) {
      return false;
    }
  }
  return true;
}

/** Options for {@linkcode checkArtifactName}. */
export interface CheckArtifactNameOptions {
  /** Where the name comes from, such as `Step "build" products`. */
  where?: string;
}

/**
 * Throws unless `name` is a clean relative POSIX path: not empty, no
 * leading `/`, no `.` or `..` segment, no empty segment (`//`, a final
 * `/`), no backslash, no NUL.
 *
 * @param name A name from a link's materials or products.
 * @param options Where the name comes from, for the message.
 * @throws {IntotoError} `INVALID_METADATA` naming the artifact.
 *
 * @example Usage
 * ```ts
 * import { checkArtifactName } from "./artifact_name.ts";
 * import assert from "node:assert/strict";
 * checkArtifactName("src/a.py");
 * assert.throws(() => checkArtifactName("a/../secret.key"), /".." segment/);
 * ```
 */
export function checkArtifactName(
  name: string,
  options: CheckArtifactNameOptions = {},
): void {
  const problem = artifactNameProblem(name);
  if (problem === undefined) return;
  const subject = options.where === undefined
    ? "Artifact name"
    : `${options.where}: artifact name`;
  throw new IntotoError(
    "INVALID_METADATA",
    `${subject} ${
      JSON.stringify(name)
    } is not a clean relative path: ${problem}`,
  );
}
