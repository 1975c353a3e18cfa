// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * File edges shared by every command: atomic writes (a reader sees the old
 * file or the whole new one, never a part, even when the process is killed
 * mid-write), bounded reads of regular files only, and OS errors in plain
 * words.
 *
 * @module
 */

import { constants, fstatSync, type Stats } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
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
 * Turns an error thrown by a Deno or `node:fs` file API into an
 * {@linkcode IntotoError} that names the file and what to do. Both carry the
 * system's error code (`ENOENT`, `EACCES`...); a missing Deno permission is
 * a `NotCapable` error.
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
  if (error instanceof Deno.errors.NotCapable) {
    return new IntotoError(
      "PERMISSION_DENIED",
      `Cannot ${action} "${path}": ${error.message}`,
      { cause: error },
    );
  }
  const code = errorCode(error);
  if (code === "ENOENT") {
    return new IntotoError(
      "FILE_NOT_FOUND",
      `Cannot ${action} "${path}": no such file or directory`,
      { cause: error },
    );
  }
  if (code === "EACCES" || code === "EPERM") {
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

/**
 * Checks that `path` is a directory, before anything is done that must end
 * with writing there.
 *
 * @param path The directory.
 * @param action What is to be done there, for the message, such as
 * `write links to`.
 * @throws {IntotoError} `FILE_NOT_FOUND`, `PERMISSION_DENIED` or
 * `IO_ERROR` (also when it is not a directory).
 */
export async function checkDirectory(
  path: string,
  action: string,
): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw ioError(error, action, path);
  }
  if (!info.isDirectory) {
    throw new IntotoError(
      "IO_ERROR",
      `Cannot ${action} "${path}": not a directory`,
    );
  }
}

/**
 * The system error code (`ENOENT`, ...) that Deno's and node's file errors
 * carry, if any.
 *
 * @param error Anything thrown.
 * @returns Its `code` property, or undefined.
 */
export function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/**
 * `node:fs` flags to open a file for reading without blocking: a FIFO put
 * in a file's place opens at once instead of waiting for a writer.
 */
export const READ_NONBLOCKING: number = constants.O_RDONLY |
  constants.O_NONBLOCK;

/** Short reasons for the system errors worth explaining, by code. */
const REASONS: Readonly<Record<string, string>> = {
  EISDIR: "it is a directory, not a file",
  ENOTDIR: "a part of the path is a file, not a directory",
  ELOOP: "too many levels of symbolic links",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the file name is too long",
  ENOSPC: "no space left on the device",
};

/** A short reason for an OS error, without Deno's "(os error N): ..." tail. */
function plainReason(error: unknown): string {
  const code = errorCode(error);
  if (typeof code === "string" && Object.hasOwn(REASONS, code)) {
    return REASONS[code]!;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/ \(os error \d+\).*$/s, "");
}

/** The largest file {@linkcode readFileBytes} reads by default: 256 MiB. */
export const DEFAULT_MAX_FILE_BYTES: number = 256 * 1024 * 1024;

/** Options for {@linkcode readFileBytes}. */
export interface ReadFileOptions {
  /** The largest file accepted, in bytes (default 256 MiB). */
  maxBytes?: number;
}

/**
 * Opens a regular file for reading. It is opened non-blocking (through
 * `node:fs`, as Deno's open cannot be), so that a FIFO opens at once, even
 * one put in the file's place at the last moment; what is opened is then
 * checked to be a regular file no larger than the bound (a FIFO, a device
 * such as `/dev/zero` or a directory is refused without reading).
 *
 * @param path The file.
 * @param options The size bound (default: none).
 * @returns The open file, to read and close, and its size.
 * @throws {IntotoError} `FILE_NOT_FOUND`, `PERMISSION_DENIED`, `IO_ERROR`
 * (also for what is not a regular file), `LIMIT_EXCEEDED` for a file over
 * the bound.
 */
export async function openRegularFile(
  path: string,
  options: ReadFileOptions = {},
): Promise<{ file: FileHandle; size: number }> {
  let file: FileHandle;
  try {
    file = await open(path, READ_NONBLOCKING);
  } catch (error) {
    // A socket cannot be opened (ENXIO): say what it is.
    if (errorCode(error) === "ENXIO") await statRegularFile(path);
    throw ioError(error, "read", path);
  }
  try {
    const stats = await file.stat();
    checkRegularFile(kindOf(stats), path, options.maxBytes ?? Infinity);
    return { file, size: stats.size };
  } catch (error) {
    await file.close();
    throw ioError(error, "read", path);
  }
}

/**
 * Reads a whole regular file, at most `maxBytes` of it, through one
 * descriptor opened by {@linkcode openRegularFile}, stopping past the bound
 * even when the file grows.
 *
 * @param path The file.
 * @param options The size bound.
 * @returns Its bytes.
 * @throws {IntotoError} As {@linkcode openRegularFile}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readFileBytes } from "./io.ts";
 * await assert.rejects(readFileBytes("/dev/zero"), /not a regular file/);
 * ```
 */
export async function readFileBytes(
  path: string,
  options: ReadFileOptions = {},
): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { file, size } = await openRegularFile(path, { maxBytes });
  try {
    return await readAtMost(file, { expected: size, maxBytes, path });
  } catch (error) {
    throw ioError(error, "read", path);
  } finally {
    await file.close();
  }
}

/**
 * Checks, without opening it, that `path` (after symlinks) is a regular file
 * no larger than `maxBytes`: for callers that stream a file themselves, so
 * that a FIFO or a device is refused before an open that could block.
 *
 * @param path The file.
 * @param options The size bound (default: none).
 * @returns Its metadata.
 * @throws {IntotoError} As {@linkcode readFileBytes}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { statRegularFile } from "./io.ts";
 * await assert.rejects(statRegularFile("/dev/null"), /character device/);
 * ```
 */
export async function statRegularFile(
  path: string,
  options: ReadFileOptions = {},
): Promise<Deno.FileInfo> {
  try {
    const info = await Deno.stat(path);
    checkRegularFile(info, path, options.maxBytes ?? Infinity);
    return info;
  } catch (error) {
    throw ioError(error, "read", path);
  }
}

/**
 * Checks that an open descriptor is a regular file, as
 * {@linkcode openRegularFile} does, for code that opened it synchronously.
 *
 * @param fd The open descriptor (from `node:fs`).
 * @param path Its path, for the message.
 * @throws {IntotoError} `IO_ERROR` for what is not a regular file, such as a
 * device put in the file's place.
 */
export function checkRegularDescriptor(fd: number, path: string): void {
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    throw ioError(error, "read", path);
  }
  checkRegularFile(kindOf(stats), path, Infinity);
}

function kindOf(stats: Stats): FileKindInfo {
  return {
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
    isFifo: stats.isFIFO(),
    isCharDevice: stats.isCharacterDevice(),
    isBlockDevice: stats.isBlockDevice(),
    isSocket: stats.isSocket(),
    size: stats.size,
  };
}

/** What {@linkcode checkRegularFile} looks at, from Deno's or node's stat. */
type FileKindInfo = Pick<
  Deno.FileInfo,
  | "isFile"
  | "isDirectory"
  | "isFifo"
  | "isCharDevice"
  | "isBlockDevice"
  | "isSocket"
  | "size"
>;

function checkRegularFile(
  info: FileKindInfo,
  path: string,
  maxBytes: number,
): void {
  if (!info.isFile) {
    throw new IntotoError(
      "IO_ERROR",
      `Cannot read "${path}": it is ${fileKind(info)}, not a regular file`,
    );
  }
  if (info.size > maxBytes) throw tooLarge(path, maxBytes);
}

function fileKind(info: FileKindInfo): string {
  if (info.isDirectory) return "a directory";
  if (info.isFifo) return "a named pipe (FIFO)";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "a special file";
}

function tooLarge(path: string, maxBytes: number): IntotoError {
  return new IntotoError(
    "LIMIT_EXCEEDED",
    `Cannot read "${path}": it is larger than the limit of ${maxBytes} bytes`,
  );
}

async function readAtMost(
  file: FileHandle,
  options: { expected: number; maxBytes: number; path: string },
): Promise<Uint8Array> {
  // One byte more than expected shows the end without a second buffer; a
  // file that tells no size (as in /proc) starts with 4 KiB.
  let buffer = new Uint8Array(
    Math.min(Math.max(options.expected, 4095), options.maxBytes) + 1,
  );
  let total = 0;
  while (true) {
    if (total === buffer.length) {
      if (total > options.maxBytes) {
        throw tooLarge(options.path, options.maxBytes);
      }
      const grown = new Uint8Array(Math.min(total * 2, options.maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const { bytesRead } = await file.read(
      buffer,
      total,
      buffer.length - total,
      null,
    );
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  if (total > options.maxBytes) throw tooLarge(options.path, options.maxBytes);
  return buffer.subarray(0, total);
}
