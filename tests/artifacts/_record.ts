// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Helpers of the recordArtifacts() tests (tests/artifacts/record_*_test.ts):
 * trees of files and links to record, and the record of ours and of in-toto
 * 1.3.1 (record_artifacts_as_dict, in-toto-run) as canonical JSON to compare.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  recordArtifacts,
  type RecordOptions,
} from "../../lib/artifacts/record.ts";
import { encodeCanonical } from "../../lib/json/canonical.ts";
import type { JsonValue } from "../../lib/json/parse.ts";
import type { ArtifactMap } from "../../lib/model/link.ts";
import { FIXTURES, python, reference, tempDir } from "../_helpers.ts";

const encoder = new TextEncoder();

/** Writes files (string content) and symlinks (`{link: target}`). */
export async function build(
  root: string,
  entries: Record<string, string | Uint8Array | { link: string }>,
): Promise<void> {
  for (const [name, content] of Object.entries(entries)) {
    const path = join(root, name);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    if (typeof content === "object" && "link" in content) {
      await Deno.symlink(content.link, path);
    } else {
      await Deno.writeFile(
        path,
        typeof content === "string" ? encoder.encode(content) : content,
      );
    }
  }
}

/** The tree of the differential tests. */
export async function makeTree(): Promise<string> {
  const root = await tempDir();
  const many: Record<string, string> = {};
  for (let i = 0; i < 100; i++) {
    many[`many/f${String(i).padStart(3, "0")}`] = `file ${i}\n`.repeat(i);
  }
  await build(root, {
    "a/x.py": "print('x')\n",
    // Walked after "a/", recorded before it: "-" sorts before "/".
    "a-b.txt": "dash",
    "a/b/c/deep.txt": "deep",
    "a/q/r/b/inner.txt": "inner",
    "with space.txt": "space",
    "ünï cödé/ß.txt": "unicode",
    "日本語.txt": "nihongo",
    "😀.txt": "emoji",
    "empty.txt": "",
    "keep.txt": "keep",
    "dir/a.txt": "dir a",
    "sub/dir/keep.txt": "sub dir keep",
    "rooted": "rooted",
    "sub/rooted": "sub rooted",
    "x": "x",
    "q/x/y.txt": "q x y",
    "foo.link": "{}",
    "step.1234abcd.link": "{}",
    ".step.1234abcd.link-unfinished": "{}",
    "m.pyc": "pyc",
    "old~": "backup",
    ".git/config": "[core]",
    "sub/.git/HEAD": "ref",
    "__proto__": "proto",
    "constructor": "constructor",
    "10": "ten",
    "9": "nine",
    "crlf.txt": "a\r\nb\rc\n",
    ...many,
    "links/file-link": { link: "../a/x.py" },
    "links/dir-link": { link: "../a" },
    "links/nested/up": { link: "../../dir" },
  });
  return root;
}

/** Options of the reference's record, and of {@linkcode ours}. */
export interface ReferenceOptions {
  excludes?: string[];
  basePath?: string;
  follow?: boolean;
  normalize?: boolean;
  lstrip?: string[];
}

/**
 * in-toto 1.3.1's `record_artifacts_as_dict`, run in `cwd`: its result as
 * canonical JSON, or `error <ExceptionClass>`.
 */
export async function referenceRecord(
  cwd: string,
  paths: string[],
  options: ReferenceOptions = {},
): Promise<string> {
  const args = JSON.stringify({
    paths,
    excludes: options.excludes ?? null,
    base: options.basePath ?? null,
    follow: options.follow ?? false,
    normalize: options.normalize ?? false,
    lstrip: options.lstrip ?? null,
  });
  const result = await python(
    `
import json, sys
from in_toto.runlib import record_artifacts_as_dict
from securesystemslib.formats import encode_canonical
a = json.loads(${JSON.stringify(args)})
try:
  r = record_artifacts_as_dict(a["paths"], exclude_patterns=a["excludes"],
    base_path=a["base"], follow_symlink_dirs=a["follow"],
    normalize_line_endings=a["normalize"], lstrip_paths=a["lstrip"])
  sys.stdout.buffer.write(encode_canonical(r).encode())
except Exception as e:
  print("error " + type(e).__name__)
`,
    { cwd },
  );
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** Equal canonical JSON; a key mismatch is shown as a short list diff. */
export function assertSame(actual: string, expected: string): void {
  if (actual === expected) return;
  assert.deepEqual(
    Object.keys(JSON.parse(actual)),
    Object.keys(JSON.parse(expected)),
  );
  assert.equal(actual, expected);
}

/**
 * The reference's record without what it records a second time behind links
 * to directories recorded already under their own names (`prefixes`): intoto
 * walks each real directory once.
 */
export function withoutLinkedCopies(
  expected: string,
  prefixes: string[],
): string {
  const artifacts = JSON.parse(expected) as ArtifactMap;
  const kept = Object.fromEntries(
    Object.entries(artifacts).filter(([name]) =>
      !prefixes.some((prefix) => name.startsWith(prefix))
    ),
  );
  return canonical(kept);
}

/** In makeTree(), the links to directories that are recorded already. */
export const LINKED_COPIES: string[] = ["links/dir-link/", "links/nested/up/"];

/** Artifacts as canonical JSON. */
function canonical(artifacts: ArtifactMap): string {
  return encodeCanonical(artifacts as unknown as JsonValue);
}

/** recordArtifacts relative to `root`, as the reference runs in it. */
export async function ours(
  root: string,
  paths: string[],
  options: ReferenceOptions & { threads?: number } = {},
  warnings: string[] = [],
): Promise<string> {
  const recordOptions: RecordOptions = {
    basePath: options.basePath === undefined
      ? root
      : join(root, options.basePath),
    warn: (message) => warnings.push(message),
  };
  if (options.excludes) recordOptions.excludes = options.excludes;
  if (options.follow) recordOptions.followSymlinkDirs = true;
  if (options.normalize) recordOptions.normalizeLineEndings = true;
  if (options.lstrip) recordOptions.lstripPaths = options.lstrip;
  if (options.threads) recordOptions.threads = options.threads;
  return canonical(await recordArtifacts(paths, recordOptions));
}

/** Materials and products of an in-toto-run 1.3.1 link, as canonical JSON. */
export async function referenceRun(
  cwd: string,
  args: string[],
): Promise<{ materials: string; products: string }> {
  const out = await tempDir();
  await Deno.copyFile(join(FIXTURES, "demo_files", "alice"), join(out, "key"));
  const result = await reference("in-toto-run", [
    "-n",
    "x",
    "-k",
    join(out, "key"),
    "-d",
    out,
    ...args,
    "-x",
  ], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const link = JSON.parse(
    await Deno.readTextFile(join(out, "x.556caebd.link")),
  );
  await Deno.remove(out, { recursive: true });
  return {
    materials: encodeCanonical(link.signed.materials),
    products: encodeCanonical(link.signed.products),
  };
}
