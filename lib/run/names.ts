// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Link file names, as in-toto writes them, and the check that a step name is
 * safe to put in one (attack catalogue F1).
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

/**
 * Refuses a step name that could reach outside the folder it is written to:
 * empty, `.` or `..`, or containing `/`, `\` or NUL.
 *
 * @example Usage
 * ```ts
 * import { checkStepName } from "./names.ts";
 * import assert from "node:assert/strict";
 * checkStepName("build");
 * assert.throws(() => checkStepName("../x"));
 * ```
 *
 * @param name The step name from `-n`.
 * @throws {IntotoError} `USAGE` naming the problem.
 */
export function checkStepName(name: string): void {
  let problem: string | undefined;
  if (name === "") problem = "it is empty";
  else if (name === "." || name === "..") problem = "it is a relative folder";
  else if (name.includes("/") || name.includes("\\")) {
    problem = "it contains a path separator";
  } else if (name.includes("\0")) problem = "it contains a NUL character";
  else if (name.includes("..")) problem = 'it contains ".."';
  if (problem !== undefined) {
    throw new IntotoError(
      "USAGE",
      `Cannot use step name "${name}": ${problem}; a step name becomes part of a file name`,
    );
  }
}

/**
 * The file name of a signed link: `<name>.<first 8 of keyid>.link`.
 *
 * @example Usage
 * ```ts
 * import { linkFileName } from "./names.ts";
 * import assert from "node:assert/strict";
 * assert.equal(linkFileName("build", "2f89b9272acfc8f4"), "build.2f89b927.link");
 * ```
 *
 * @param name The step name.
 * @param keyid The signing key's keyid.
 * @returns The file name.
 */
export function linkFileName(name: string, keyid: string): string {
  return `${name}.${keyid.slice(0, 8)}.link`;
}

/**
 * The file name of a link that `record start` began:
 * `.<name>.<first 8 of keyid>.link-unfinished`.
 *
 * @param name The step name.
 * @param keyid The signing key's keyid.
 * @returns The file name.
 */
export function unfinishedFileName(name: string, keyid: string): string {
  return `.${name}.${keyid.slice(0, 8)}.link-unfinished`;
}

/**
 * The file name of an unsigned link (`mock`): `<name>.link`.
 *
 * @param name The step name.
 * @returns The file name.
 */
export function unsignedFileName(name: string): string {
  return `${name}.link`;
}
