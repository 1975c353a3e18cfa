// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Recording artifacts: what in-toto 1.3.1's `record_artifacts_as_dict`
 * returns, byte for byte, for the same files and options, but with no
 * setting read from the working directory or the environment
 * (CVE-2023-32076), stricter symbolic links (see walk.ts), and an error
 * whenever two files would share one name.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { compareCodePoints, precedes } from "../json/code_point_order.ts";
import { setOwn } from "../json/parse.ts";
import type { ArtifactMap, DigestSet } from "../model/link.ts";
import { artifactNameProblem } from "../model/artifact_name.ts";
import { DEFAULT_EXCLUDES, ExcludeMatcher } from "./exclude.ts";
import { checkAlgorithms } from "./hash.ts";
import { visitArtifacts } from "./walk.ts";
import { HashQueue } from "./_pool.ts";

/** Options of {@linkcode recordArtifacts}. */
export interface RecordOptions {
  /**
   * The directory relative paths start from (default: the working
   * directory). It is not part of the recorded names, and it is the root
   * symbolic links must stay inside.
   */
  basePath?: string;
  /**
   * gitignore-style exclude patterns. Undefined means the reference's
   * defaults (`*.link*`, `.git`, `*.pyc`, `*~`); a list replaces them
   * entirely (an empty list excludes nothing).
   */
  excludes?: readonly string[];
  /** Prefixes to remove from names; the first one that matches is removed. */
  lstripPaths?: readonly string[];
  /** Follow links to directories met while walking (default false). */
  followSymlinkDirs?: boolean;
  /** Hash with CRLF, then CR, turned into LF (default false). */
  normalizeLineEndings?: boolean;
  /** Hash algorithms (default `["sha256"]`). */
  algorithms?: readonly string[];
  /** Threads for hashing; default: the number of cores, at most 4. */
  threads?: number;
  /** Receives a sentence for every path skipped for a reason worth telling. */
  warn?: (message: string) => void;
  /**
   * Called as hashing progresses with the files hashed so far, the number
   * of files to hash, and the bytes read so far.
   */
  onProgress?: (done: number, total: number, bytes: number) => void;
}

function checkPrefixes(prefixes: readonly string[]): void {
  prefixes.forEach((one, i) => {
    for (const two of prefixes.slice(i + 1)) {
      if (one.startsWith(two) || two.startsWith(one)) {
        throw new IntotoError(
          "USAGE",
          `Cannot strip prefixes "${one}" and "${two}": one starts with the other`,
        );
      }
    }
  });
}

/**
 * The indexes of the entries to keep, one per key: the same name found
 * twice is the same file (".", "a"), kept once; two names for one key are
 * an error (A7: "x\\y" and "x/y").
 */
function distinctKeys(
  names: readonly string[],
  keys: readonly string[],
): number[] {
  const sources = new Map<string, string>();
  const kept: number[] = [];
  keys.forEach((key, index) => {
    const name = names[index]!;
    const source = sources.get(key);
    if (source === name) return;
    if (source !== undefined) {
      throw new IntotoError(
        "USAGE",
        `Cannot record "${source}" and "${name}": both would be recorded as "${key}"`,
      );
    }
    sources.set(key, name);
    kept.push(index);
  });
  return kept;
}

function strip(name: string, prefixes: readonly string[]): string {
  if (prefixes.length === 0) return name;
  const prefix = prefixes.find((candidate) => name.startsWith(candidate));
  return prefix === undefined ? name : name.slice(prefix.length);
}

/**
 * Hashes the files at `paths` (files, or directories walked recursively)
 * into an artifact map, as `in-toto-run --materials/--products` records.
 *
 * Names are the given paths, `normpath`-ed, relative to the base path
 * (absolute paths inside it too), with `\` turned into `/` and the first
 * matching `lstripPaths` prefix removed. Every name is a clean relative
 * path: a path outside the base path, or a name that stripping leaves
 * unclean, is refused.
 *
 * @param paths Files and directories to record.
 * @param options Base path, excludes, prefixes, links, hashing, callbacks.
 * @returns Digests by name; keys inserted in code point order.
 * @throws {IntotoError} `USAGE` for a path outside the base path, a name
 * left unclean, two files that would be recorded under one name (after
 * `\` → `/` or stripping), for overlapping prefixes or a bad
 * exclude pattern; `UNSUPPORTED` for an unknown algorithm;
 * `FILE_NOT_FOUND`, `PERMISSION_DENIED` or `IO_ERROR` when a directory or
 * file cannot be read.
 *
 * @example Usage
 * ```ts
 * import { recordArtifacts } from "./record.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "");
 * await Deno.writeTextFile(`${dir}/x.link`, "");
 * const artifacts = await recordArtifacts(["."], { basePath: dir });
 * assert.deepEqual(Object.keys(artifacts), ["a.txt"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordArtifacts(
  paths: readonly string[],
  options: RecordOptions = {},
): Promise<ArtifactMap> {
  return await record(paths, options);
}

/**
 * The recording itself. Only the map outlives it: the names, paths and
 * digests lists it builds on the way are dropped, so that a link of a
 * million artifacts holds each name and digest once (as the map's key and
 * value) while it is signed and written.
 */
async function record(
  paths: readonly string[],
  options: RecordOptions,
): Promise<ArtifactMap> {
  const algorithms = checkAlgorithms(options.algorithms ?? ["sha256"]);
  const excludes = new ExcludeMatcher(options.excludes ?? DEFAULT_EXCLUDES);
  const prefixes = options.lstripPaths ?? [];
  checkPrefixes(prefixes);
  let done = 0;
  let bytes = 0;
  let total = 0;
  const queue = new HashQueue(algorithms, {
    normalizeLineEndings: options.normalizeLineEndings ?? false,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    onHashed(count, read) {
      done += count;
      bytes += read;
      options.onProgress?.(done, total, bytes);
    },
  });
  // Files are hashed on other threads while the walk goes on, and keys are
  // checked as they come: whether they arrive in strictly increasing code
  // point order (the usual case: they are then added to the map at once, to
  // get their digests at the end), and that they are clean names.
  const names: string[] = [];
  const keys: string[] = [];
  let increasing = true;
  let artifacts: ArtifactMap = {};
  let digests: DigestSet[];
  try {
    visitArtifacts(paths, {
      excludes,
      ...(options.basePath === undefined ? {} : { basePath: options.basePath }),
      ...(options.followSymlinkDirs ? { followSymlinkDirs: true } : {}),
      ...(options.warn ? { warn: options.warn } : {}),
      onEntry(entry) {
        // The name itself when nothing changes it: no second copy.
        const name = entry.name.includes("\\")
          ? entry.name.replaceAll("\\", "/")
          : entry.name;
        const key = strip(name, prefixes);
        if (increasing && keys.length > 0) {
          increasing = precedes(keys[keys.length - 1]!, key);
        }
        checkRecordedName(entry.name, key);
        if (increasing) setOwn(artifacts, key, PENDING);
        names.push(entry.name);
        keys.push(key);
        total++;
        queue.add(entry.path, entry.name, entry.within);
      },
    });
    digests = await queue.finish();
  } finally {
    queue.close();
  }
  if (increasing) {
    // Strictly increasing keys are all distinct.
    for (let i = 0; i < keys.length; i++) {
      setOwn(artifacts, keys[i]!, digests[i]!);
    }
    return artifacts;
  }
  // Sorted, checking that two names never share a key.
  const order = distinctKeys(names, keys).sort((a, b) =>
    compareCodePoints(keys[a]!, keys[b]!)
  );
  artifacts = {};
  for (const i of order) setOwn(artifacts, keys[i]!, digests[i]!);
  return artifacts;
}

/** The value of a key whose file is still being hashed. */
const PENDING: DigestSet = Object.freeze({});

/**
 * Fails for a name no link may hold, such as `/x` left by stripping the
 * prefix `d` from `d/x`, or `x/` from a file named `x\\`.
 */
function checkRecordedName(name: string, key: string): void {
  const problem = artifactNameProblem(key);
  if (problem === undefined) return;
  throw new IntotoError(
    "USAGE",
    key === name
      ? `Cannot record "${name}": its name is not a clean relative path: ${problem}`
      : `Cannot record "${name}" under the name "${key}": ${problem}; choose prefixes to strip that end at a "/"`,
  );
}
