// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Link file names, as in-toto writes them, and the check that a step name is
 * safe to put in one (attack catalogue F1).
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import { MetadataChecker } from "../model/validate.ts";

/**
 * Refuses a step name that is not safe as a part of a file name, by the one
 * rule the layout and link validators apply to names (so `verify` never
 * rejects the name of a link `run` wrote): empty, `.`, or holding `/`, `\`,
 * `..` or a control character (attack catalogue F1).
 *
 * @example Usage
 * ```ts
 * import { checkStepName } from "./names.ts";
 * import assert from "node:assert/strict";
 * checkStepName("build");
 * assert.throws(() => checkStepName("../x"));
 * assert.throws(() => checkStepName("x\u001b[31m"));
 * ```
 *
 * @param name The step name from `-n`.
 * @throws {IntotoError} `USAGE` naming the rule.
 */
export function checkStepName(name: string): void {
  try {
    new MetadataChecker("step").name(name, "name");
  } catch (error) {
    if (!isIntotoError(error, "INVALID_METADATA")) throw error;
    throw new IntotoError(
      "USAGE",
      `Cannot use step name ${
        JSON.stringify(name)
      }: a step name becomes part of a file name, so it must not be empty or ".", or hold "/", "\\", "..", or control characters`,
      { cause: error },
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
