// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Finding the files to record: the reference's walk (explicit paths are
 * `normpath`-ed, directories walked, excluded directories pruned without
 * being read), made deterministic and safe with symbolic links.
 *
 * Symbolic links: a link to a file, or one given as a path, is followed only
 * while its real path stays inside the recording root (the base path, or the
 * working directory). A link to a directory met while walking a given folder
 * is followed only while its real path stays inside that folder's real path,
 * so a walk never leaves the folder it was given. Links that leave, and dangling
 * links, are skipped with a warning. A file behind a link is recorded under
 * the link's name. Links to directories met during the walk are followed
 * only with `followSymlinkDirs`, after the real directories, and each real
 * directory (by device and inode) is walked once, under its own name when
 * it has one: a link to a directory walked already is skipped with a
 * warning, so loops and diamonds end at once.
 *
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import { compareCodePoints, hasHighUnit } from "../json/code_point_order.ts";
import { IntotoError } from "../errors.ts";
import { ioError } from "../io.ts";
import type { ExcludeMatcher } from "./exclude.ts";

/** A file to record. */
export interface WalkEntry {
  /** The name as the reference forms it (normalised, before `\` → `/`). */
  name: string;
  /** Where to read it: an absolute path with no symbolic link at its end. */
  path: string;
  /**
   * Set when `path` is this folder, a `/` and `name` (no link followed on
   * the way): the file can then be read as `name` from here, and a caller
   * that keeps a million of them need not keep `path` as well.
   */
  within?: string;
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

/** Whether the real path `real` is the folder `folder` or inside it. */
function isInside(real: string, folder: string): boolean {
  return real === folder || folder === "/" || real.startsWith(folder + "/");
}

/** The real path of a folder found without links on its way from the root. */
function realPath(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch (error) {
    throw ioError(error, "resolve", path);
  }
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
  /** The given directory being walked: its name and real path. */
  #top: { name: string; real: string } | undefined;
  /** The name of each directory walked, by "dev:ino" (followSymlinkDirs). */
  #walked = new Map<string, string>();
  /** Links to directories met in the walk, to follow after it. */
  #linkedDirectories: { name: string; target: LinkTarget }[] = [];

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
    // A file may be anywhere in the root; a directory only in the folder.
    const top = info.isDirectory ? this.#top : undefined;
    const [folder, what] = top === undefined
      ? [this.#root, "the recorded root"]
      : [top.real, "the recorded folder"];
    if (!isInside(real, folder)) {
      const shown = top === undefined ? folder : top.name;
      this.#warn(
        `Skipping "${name}": it is a symbolic link to "${real}", outside ${what} "${shown}"`,
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
    this.#top = undefined;
    if (info.isSymlink) {
      const target = this.#follow(name, path, true);
      if (!target) return;
      ({ real, info } = target);
    }
    if (info.isFile) this.#emit({ name, path: real });
    else if (info.isDirectory) {
      this.#top = { name, real: realPath(real) };
      this.#walked.clear();
      // Whether each file's path is the root, "/" and its name.
      const fromRoot = real === path && !isAbsolute(name) &&
        name !== ".." && !name.startsWith("../") && this.#root !== "/";
      this.#directory(name, real, info, fromRoot);
      this.#followLinkedDirectories();
    } else this.#warn(`Skipping "${name}": not a regular file or directory`);
  }

  #directory(
    name: string,
    path: string,
    info: Deno.FileInfo | undefined,
    fromRoot = false,
  ): void {
    const key = this.#identity(path, info);
    if (key !== undefined) this.#walked.set(key, name);
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
        this.#emit(
          fromRoot
            ? { name: childName, path: childPath, within: this.#root }
            : { name: childName, path: childPath },
        );
      } else if (child.isDirectory) {
        this.#directory(childName, childPath, undefined, fromRoot);
      } else if (child.isSymlink) {
        this.#link(childName, childPath);
      } else {
        this.#warn(
          `Skipping "${childName}": not a regular file or directory`,
        );
      }
    }
  }

  #link(name: string, path: string): void {
    const followDirs = this.#options.followSymlinkDirs ?? false;
    const target = this.#follow(name, path, followDirs);
    if (!target) return;
    if (target.info.isFile) {
      this.#emit({ name, path: target.real });
    } else if (target.info.isDirectory) {
      // Walked after the folder's real directories, so that a directory is
      // recorded under its own name rather than a link's.
      this.#linkedDirectories.push({ name, target });
    } else {
      this.#warn(`Skipping "${name}": not a regular file or directory`);
    }
  }

  /** Walks the directories behind links, each real directory once. */
  #followLinkedDirectories(): void {
    for (let i = 0; i < this.#linkedDirectories.length; i++) {
      const { name, target } = this.#linkedDirectories[i]!;
      const key = this.#identity(target.real, target.info)!;
      const walked = this.#walked.get(key);
      if (walked === undefined) {
        this.#directory(name, target.real, target.info);
      } else {
        this.#warn(
          `Skipping "${name}": it is a symbolic link to "${walked}", which is recorded already`,
        );
      }
    }
    this.#linkedDirectories = [];
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

/**
 * The name to record for a path given to record: `normpath`-ed and relative
 * to the base path, whose real path `root` is, or to `root` itself. A path
 * that leaves the base path is refused: no recorded name ever starts with
 * `/` or `..`.
 */
function nameInBase(path: string, base: string, root: string): string {
  const name = isAbsolute(path)
    ? (relativeInside(base, path) ?? relativeInside(root, path))
    : normpath(path);
  if (name === undefined || name === ".." || name.startsWith("../")) {
    throw new IntotoError(
      "USAGE",
      `Cannot record "${path}": it is outside the base path "${base}"; give paths inside it, or a base path that holds them`,
    );
  }
  return name;
}

/** `path` relative to the folder `directory` (`.` for itself), if inside. */
function relativeInside(directory: string, path: string): string | undefined {
  const normal = normpath(path);
  if (normal === directory) return ".";
  const prefix = directory.endsWith("/") ? directory : `${directory}/`;
  return normal.startsWith(prefix) ? normal.slice(prefix.length) : undefined;
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
 * Each path is `normpath`-ed and made relative to the base path (an
 * absolute path inside it too); a path matching an exclude pattern is dropped;
 * a missing path is skipped with a warning (the reference logs it too).
 * Directories are walked in code point order of their entries.
 *
 * @param paths Files and directories, relative to the base path or absolute.
 * @param options Base path, excludes, link handling, warnings, and the
 * receiver of the files, with the name to record and the path to read.
 * @throws {IntotoError} `USAGE` for a path outside the base path;
 * `FILE_NOT_FOUND` for a missing base path;
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
  const names = [...new Set(paths.map((path) => nameInBase(path, base, root)))]
    .filter((name) => !options.excludes.matches(name))
    .sort(compareCodePoints);
  const walker = new Walker(root, options, options.onEntry);
  for (const name of names) walker.add(name);
}
