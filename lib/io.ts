// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Atomic file writes: a reader sees the old file or the whole new one, never
 * a part, even when the process is killed mid-write.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { IntotoError } from "./errors.ts";

/** Options for {@linkcode writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode of the new file, such as `0o600` for private keys. */
  mode?: number;
}

/**
 * Writes `data` to a temporary file beside `path`, flushes it to disk, then
 * renames it over `path`.
 *
 * @param path Where the file goes.
 * @param data Its content.
 * @param options File mode.
 * @throws {IntotoError} `IO_ERROR` or `PERMISSION_DENIED`, naming the path.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const bytes = typeof data === "string"
    ? new TextEncoder().encode(data)
    : data;
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16);
  const temporary = join(dirname(path), `.${basenameOf(path)}.${suffix}.tmp`);
  try {
    const file = await Deno.open(temporary, {
      write: true,
      createNew: true,
      mode: options.mode ?? 0o644,
    });
    try {
      let written = 0;
      while (written < bytes.length) {
        written += await file.write(bytes.subarray(written));
      }
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw ioError(error, "write", path);
  }
}

function basenameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Turns an error thrown by a Deno file API into an {@linkcode IntotoError}
 * that names the file and what to do.
 *
 * @param error What Deno threw.
 * @param action The verb: "read", "write", "open".
 * @param path The file concerned.
 * @returns An IntotoError to throw.
 */
export function ioError(
  error: unknown,
  action: string,
  path: string,
): IntotoError {
  if (error instanceof IntotoError) return error;
  if (error instanceof Deno.errors.NotFound) {
    return new IntotoError(
      "FILE_NOT_FOUND",
      `Cannot ${action} "${path}": no such file or directory`,
      { cause: error },
    );
  }
  if (error instanceof Deno.errors.NotCapable) {
    return new IntotoError(
      "PERMISSION_DENIED",
      `Cannot ${action} "${path}": ${error.message}`,
      { cause: error },
    );
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new IntotoError(
      "PERMISSION_DENIED",
      `Cannot ${action} "${path}": permission denied`,
      { cause: error },
    );
  }
  return new IntotoError(
    "IO_ERROR",
    `Cannot ${action} "${path}": ${plainReason(error)}`,
    { cause: error },
  );
}

/** A short reason for an OS error, without Deno's "(os error N): ..." tail. */
function plainReason(error: unknown): string {
  if (error instanceof Deno.errors.IsADirectory) {
    return "it is a directory, not a file";
  }
  if (error instanceof Deno.errors.NotADirectory) {
    return "a part of the path is a file, not a directory";
  }
  if (error instanceof Deno.errors.FilesystemLoop) {
    return "too many levels of symbolic links";
  }
  if (error instanceof Deno.errors.AlreadyExists) return "it already exists";
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENAMETOOLONG") return "the file name is too long";
  if (code === "ENOSPC") return "no space left on the device";
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/ \(os error \d+\).*$/s, "");
}

/**
 * Reads a whole file, turning failures into clear errors.
 *
 * @param path The file.
 * @returns Its bytes.
 * @throws {IntotoError} `FILE_NOT_FOUND`, `PERMISSION_DENIED` or `IO_ERROR`.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    throw ioError(error, "read", path);
  }
}
