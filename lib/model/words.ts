// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Splitting one line of text into words as a POSIX shell does, without
 * expanding anything: how a rule or a command is written on one line
 * (`MATCH foo WITH PRODUCTS FROM build`, `git commit -m "a message"`).
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

/**
 * Splits `text` into words at unquoted whitespace. Single quotes keep
 * everything up to the next single quote; double quotes keep everything up
 * to the next unescaped double quote, where a backslash escapes `"`, `\`,
 * `$` and `` ` ``; outside quotes a backslash keeps the next character.
 * Nothing else is special: no variables, globs or operators.
 *
 * @param text One line, such as `tar -xf "my file.tar"`.
 * @returns The words; `""` and `''` give an empty word.
 * @throws {IntotoError} `USAGE` for an unclosed quote or a final lone
 * backslash, with `text` quoted.
 *
 * @example Usage
 * ```ts
 * import { splitWords } from "./words.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(splitWords(`git commit -m "a \\"b\\"" ''`), [
 *   "git", "commit", "-m", 'a "b"', "",
 * ]);
 * ```
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let index = 0;
  const add = (part: string) => {
    word = (word ?? "") + part;
  };
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      index++;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end === -1) throw unsplittable(text, "a single quote is not closed");
      add(text.slice(index + 1, end));
      index = end + 1;
    } else if (char === '"') {
      index = doubleQuoted(text, index + 1, add);
    } else if (char === "\\") {
      if (index + 1 >= text.length) {
        throw unsplittable(text, "it ends with a lone backslash");
      }
      add(text[index + 1]!);
      index += 2;
    } else {
      add(char);
      index++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Reads a double-quoted part from `start`; returns the index after it. */
function doubleQuoted(
  text: string,
  start: number,
  add: (part: string) => void,
): number {
  let part = "";
  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (char === '"') {
      add(part);
      return index + 1;
    }
    const next = text[index + 1];
    if (char === "\\" && next !== undefined && '"\\$`'.includes(next)) {
      part += next;
      index++;
    } else {
      part += char;
    }
  }
  throw unsplittable(text, "a double quote is not closed");
}

function unsplittable(text: string, detail: string): IntotoError {
  return new IntotoError(
    "USAGE",
    `Cannot split "${text}" into words: ${detail}`,
  );
}
