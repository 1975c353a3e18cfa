// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The file edge of verification: reading the layout and the link files of a
 * link directory, with bounded sizes, for {@linkcode verifySupplyChain}.
 *
 * @module
 */

import { join } from "node:path";
import { IntotoError } from "../errors.ts";
import { readSignedFile, type SignedFile } from "../model/signed_file.ts";
import { ioError } from "../io.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import type { LinkSource } from "./links.ts";

/** Options for {@linkcode readMetadataFile}. */
export interface ReadMetadataOptions {
  /** The largest file accepted, in bytes (default 256 MiB). */
  maxBytes?: number;
}

/**
 * Reads and parses a signed metadata file with `readSignedFile`:
 * anything that is not a regular file (a FIFO, a device, a directory) is
 * refused before it is opened, and no more than `maxBytes` is read.
 *
 * @param path The file.
 * @param options The size bound.
 * @returns The parsed file (not verified).
 * @throws {IntotoError} `FILE_NOT_FOUND`, `IO_ERROR`, `PERMISSION_DENIED`,
 * `LIMIT_EXCEEDED`, `INVALID_JSON`, `INVALID_METADATA`.
 */
export async function readMetadataFile(
  path: string,
  options: ReadMetadataOptions = {},
): Promise<SignedFile> {
  return await readSignedFile(path, {
    maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxFileBytes,
  });
}

/**
 * A {@linkcode LinkSource} that reads link files from a directory. A missing
 * file (or sublayout directory) resolves `undefined`; a file that exists but
 * cannot be read or parsed is an error. A sublayout directory that resolves
 * (through symlinks) to a directory already on its path is a cycle and an
 * error (attack catalogue F5).
 *
 * @param directory The link directory.
 * @param options The size bound of each file.
 * @returns The source.
 *
 * @example Usage
 * ```ts ignore
 * import { directoryLinkSource } from "./load.ts";
 * const links = directoryLinkSource("metadata");
 * const link = await links("build.776a00e2.link");
 * ```
 */
export function directoryLinkSource(
  directory: string,
  options: ReadMetadataOptions = {},
): LinkSource {
  const read = async (path: string): Promise<SignedFile | undefined> => {
    const parts = path.split("/");
    const seen = new Map<string, string>();
    for (let depth = 0; depth < parts.length; depth++) {
      const folder = join(directory, ...parts.slice(0, depth));
      const real = await realPathOrUndefined(folder);
      if (real === undefined) return undefined;
      const earlier = seen.get(real);
      if (earlier !== undefined) {
        throw new IntotoError(
          "LIMIT_EXCEEDED",
          `Cannot read sublayout links from "${folder}": it is the same directory as "${earlier}" (a cycle)`,
        );
      }
      seen.set(real, folder);
    }
    const file = join(directory, path);
    try {
      return await readMetadataFile(file, options);
    } catch (error) {
      if (error instanceof IntotoError && error.code === "FILE_NOT_FOUND") {
        return undefined;
      }
      throw error;
    }
  };
  const identify = async (prefix: string): Promise<string> => {
    const folder = join(directory, prefix);
    return await realPathOrUndefined(folder) ?? folder;
  };
  const list = async (prefix: string): Promise<string[]> => {
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(join(directory, prefix))) {
        if (entry.isFile || entry.isSymlink) names.push(entry.name);
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw ioError(error, "read link directory", join(directory, prefix));
    }
    return names.sort();
  };
  return Object.assign(read, { identify, list });
}

async function realPathOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await Deno.realPath(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw ioError(error, "read", path);
  }
}
