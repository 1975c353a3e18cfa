// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Finding the files to record: the reference's walk (explicit paths are
 * `normpath`-ed, directories walked, excluded directories pruned without
 * being read), made deterministic and safe with symbolic links.
 *
 * Symbolic links: a link is followed only while its real path stays inside
 * the recording root (the base path, or the working directory); links that
 * leave it and dangling links are skipped with a warning. A file behind a
 * link is recorded under the link's name. Links to directories met during
 * the walk are followed only with `followSymlinkDirs`, and never into a
 * directory that is already being walked (one of the current path's
 * ancestors, by device and inode), so link loops end at once.
 *
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import { compareCodePoints, hasHighUnit } from "../json/canonical.ts";
import { ioError } from "../io.ts";
import type { ExcludeMatcher } from "./exclude.ts";

/** A file to record. */
export interface WalkEntry {
  /** The name as the reference forms it (normalised, before `\` → `/`). */
  name: string;
  /** Where to read it: an absolute path with no symbolic link at its end. */
  path: string;
}

/** Options of {@linkcode visitArtifacts}. */
export interface WalkOptions {
  /** Relative names are relative to it; default: the working directory. */
  basePath?: string;
  /** Compiled exclude patterns. */
  excludes: ExcludeMatcher;
  /** Follow links to directories met during the walk (default false). */
  followSymlinkDirs?: boolean;
  /** Receives a sentence for every path skipped for a reason worth telling. */
  warn?: (message: string) => void;
}

/**
 * Python's `os.path.normpath` on POSIX: drops `.` and empty segments,
 * resolves `..` lexically, keeps exactly two leading slashes.
 *
 * @param path A path.
 * @returns The normalised path (`.` for an empty result).
 *
 * @example Usage
 * ```ts
 * import { normpath } from "./walk.ts";
 * import assert from "node:assert/strict";
 * assert.equal(normpath("./a//b/../c/"), "a/c");
 * assert.equal(normpath("../x"), "../x");
 * ```
 */
export function normpath(path: string): string {
  if (path === "") return ".";
  let slashes = path.startsWith("/") ? 1 : 0;
  if (path.startsWith("//") && !path.startsWith("///")) slashes = 2;
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (
      part !== ".." || (slashes === 0 && parts.length === 0) ||
      parts.at(-1) === ".."
    ) {
      parts.push(part);
    } else if (parts.length > 0) {
      parts.pop();
    }
  }
  const joined = "/".repeat(slashes) + parts.join("/");
  return joined === "" ? "." : joined;
}

/** Whether a link's target is missing (or a link loop, or under a file). */
function isDangling(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound ||
    error instanceof Deno.errors.FilesystemLoop ||
    error instanceof Deno.errors.NotADirectory;
}

/** Sorts entries by name in code point order. */
function sortByName(entries: Deno.DirEntry[]): void {
  // Without surrogates and the units above them, the native UTF-16 order
  // is code point order.
  if (entries.some((entry) => hasHighUnit(entry.name))) {
    entries.sort((a, b) => compareCodePoints(a.name, b.name));
  } else {
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }
}

/** What a symbolic link points at, when it may be followed. */
interface LinkTarget {
  real: string;
  info: Deno.FileInfo;
}

class Walker {
  #root: string;
  #options: WalkOptions;
  #emit: (entry: WalkEntry) => void;
  /** "dev:ino" of the directories being walked (with followSymlinkDirs). */
  #ancestors = new Set<string>();

  constructor(
    root: string,
    options: WalkOptions,
    emit: (entry: WalkEntry) => void,
  ) {
    this.#root = root;
    this.#options = options;
    this.#emit = emit;
  }

  #warn(message: string): void {
    this.#options.warn?.(message);
  }

  #inside(real: string): boolean {
    return real === this.#root || this.#root === "/" ||
      real.startsWith(this.#root + "/");
  }

  /**
   * Resolves a link; returns undefined when it may not be used (with a
   * warning, except for a link to a directory that is not to be followed).
   */
  #follow(
    name: string,
    path: string,
    followDirs: boolean,
  ): LinkTarget | undefined {
    let real: string;
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
      if (info.isDirectory && !followDirs) return undefined;
      real = Deno.realPathSync(path);
    } catch (error) {
      if (!isDangling(error)) throw ioError(error, "resolve", path);
      this.#warn(`Skipping "${name}": it is a dangling symbolic link`);
      return undefined;
    }
    if (!this.#inside(real)) {
      this.#warn(
        `Skipping "${name}": it is a symbolic link to "${real}", outside the recorded root "${this.#root}"`,
      );
      return undefined;
    }
    return { real, info };
  }

  add(name: string): void {
    const path = isAbsolute(name) ? name : join(this.#root, name);
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw ioError(error, "read", path);
      }
      this.#warn(`Skipping "${name}": no such file or directory`);
      return;
    }
    let real = path;
    if (info.isSymlink) {
      const target = this.#follow(name, path, true);
      if (!target) return;
      ({ real, info } = target);
    }
    if (info.isFile) this.#emit({ name, path: real });
    else if (info.isDirectory) this.#directory(name, real, info);
    else this.#warn(`Skipping "${name}": not a regular file or directory`);
  }

  #directory(
    name: string,
    path: string,
    info: Deno.FileInfo | undefined,
  ): void {
    const key = this.#identity(path, info);
    if (key !== undefined) this.#ancestors.add(key);
    let children: Deno.DirEntry[];
    try {
      children = [...Deno.readDirSync(path)];
    } catch (error) {
      throw ioError(error, "read directory", path);
    }
    sortByName(children);
    // The names of the entries: "a" in ".", "d/a" in "d", "/a" in "/".
    const prefix = name === "." ? "" : name.endsWith("/") ? name : `${name}/`;
    const excluded = this.#options.excludes.under(prefix);
    for (const child of children) {
      const childPath = path === "/"
        ? `/${child.name}`
        : `${path}/${child.name}`;
      const childName = prefix + child.name;
      if (excluded(child.name)) continue;
      if (child.isFile) {
        this.#emit({ name: childName, path: childPath });
      } else if (child.isDirectory) {
        this.#directory(childName, childPath, undefined);
      } else if (child.isSymlink) {
        this.#link(childName, childPath);
      } else {
        this.#warn(
          `Skipping "${childName}": not a regular file or directory`,
        );
      }
    }
    if (key !== undefined) this.#ancestors.delete(key);
  }

  #link(name: string, path: string): void {
    const followDirs = this.#options.followSymlinkDirs ?? false;
    const target = this.#follow(name, path, followDirs);
    if (!target) return;
    if (target.info.isFile) {
      this.#emit({ name, path: target.real });
    } else if (target.info.isDirectory) {
      const key = this.#identity(target.real, target.info);
      if (key !== undefined && this.#ancestors.has(key)) {
        this.#warn(
          `Skipping "${name}": it is a symbolic link to a directory it is inside of`,
        );
        return;
      }
      this.#directory(name, target.real, target.info);
    } else {
      this.#warn(`Skipping "${name}": not a regular file or directory`);
    }
  }

  /** "dev:ino" of a directory, needed only when links to dirs are followed. */
  #identity(
    path: string,
    info: Deno.FileInfo | undefined,
  ): string | undefined {
    if (!this.#options.followSymlinkDirs) return undefined;
    try {
      info ??= Deno.statSync(path);
    } catch (error) {
      throw ioError(error, "read directory", path);
    }
    return `${info.dev}:${info.ino}`;
  }
}

/** Options of {@linkcode visitArtifacts}. */
export interface VisitOptions extends WalkOptions {
  /** Receives each file as soon as it is found, in walk order. */
  onEntry: (entry: WalkEntry) => void;
}

/**
 * Finds the files to record for `paths`, as in-toto 1.3.1's
 * `record_artifacts_as_dict` would find them, in a deterministic order, and
 * hands each over as soon as it is found (so hashing can start at once).
 *
 * Each path is `normpath`-ed; a path matching an exclude pattern is dropped;
 * a missing path is skipped with a warning (the reference logs it too).
 * Directories are walked in code point order of their entries.
 *
 * @param paths Files and directories, relative to the base path or absolute.
 * @param options Base path, excludes, link handling, warnings, and the
 * receiver of the files, with the name to record and the path to read.
 * @throws {IntotoError} `FILE_NOT_FOUND` for a missing base path;
 * `PERMISSION_DENIED` or `IO_ERROR` for an unreadable directory.
 */
export function visitArtifacts(
  paths: readonly string[],
  options: VisitOptions,
): void {
  const base = resolve(options.basePath ?? ".");
  let root: string;
  try {
    root = Deno.realPathSync(base);
    if (!Deno.statSync(root).isDirectory) {
      throw new Deno.errors.NotADirectory("not a directory");
    }
  } catch (error) {
    throw ioError(error, "use as base path", options.basePath ?? base);
  }
  const names = [...new Set(paths.map(normpath))]
    .filter((name) => !options.excludes.matches(name))
    .sort(compareCodePoints);
  const walker = new Walker(root, options, options.onEntry);
  for (const name of names) walker.add(name);
}
