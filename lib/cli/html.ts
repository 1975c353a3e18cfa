// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Escaping for HTML and SVG text and attributes: every value from a layout,
 * a link or a file name goes through it, so none of them can add markup.
 *
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML or SVG content and quoted attribute values.
 *
 * @param text Any text.
 * @returns The text with `& < > " '` replaced by entities.
 *
 * @example Usage
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeHtml('<a href="x">'), "&lt;a href=&quot;x&quot;&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
