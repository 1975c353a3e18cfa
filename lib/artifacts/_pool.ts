// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Hashing many files on every core: batches go to a small pool of Workers
 * that hash with synchronous reads; small jobs stay on the calling thread.
 *
 * @module
 */

import { type ErrorCode, IntotoError } from "../errors.ts";
import type { DigestSet } from "../formats/link.ts";
import { hashFileSync } from "./hash.ts";

/** A batch sent to a worker. */
export interface HashRequest {
  id: number;
  paths: string[];
  algorithms: string[];
  normalizeLineEndings: boolean;
}

/** One file's outcome in a worker. */
export type HashResult =
  | { digests: DigestSet }
  | { error: { code: string; message: string } };

/** A worker's answer to one batch. */
export interface HashResponse {
  id: number;
  results: HashResult[];
  bytes: number;
}

/** Options of {@linkcode hashMany}. */
export interface HashManyOptions {
  normalizeLineEndings: boolean;
  /** Threads to use; default: the number of cores, at most 4. */
  threads?: number;
  /** Called after each file or batch with the files and bytes it added. */
  onHashed?: (files: number, bytes: number) => void;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48;
const BATCH_FILES = 64;

function fromResult(result: HashResult): DigestSet {
  if ("digests" in result) return result.digests;
  throw new IntotoError(result.error.code as ErrorCode, result.error.message);
}

/** Hashes on this thread, with synchronous reads (the fastest in Deno). */
function hashHere(
  paths: readonly string[],
  algorithms: string[],
  options: HashManyOptions,
  into: (DigestSet | undefined)[],
  indexes: Iterable<number>,
): void {
  for (const index of indexes) {
    const hashed = hashFileSync(paths[index]!, algorithms, {
      normalizeLineEndings: options.normalizeLineEndings,
    });
    into[index] = hashed.digests;
    options.onHashed?.(1, hashed.bytes);
  }
}

/**
 * Hashes files, in parallel when there are enough of them.
 *
 * @param paths Files to hash.
 * @param algorithms Checked algorithm names.
 * @param options Normalisation, threads, progress.
 * @returns The digests, in the order of `paths`.
 * @throws {IntotoError} The first file that cannot be read.
 */
export async function hashMany(
  paths: readonly string[],
  algorithms: string[],
  options: HashManyOptions,
): Promise<DigestSet[]> {
  const results: (DigestSet | undefined)[] = new Array(paths.length);
  const threads = Math.min(
    options.threads ?? Math.min(navigator.hardwareConcurrency || 1, 4),
    Math.ceil(paths.length / BATCH_FILES),
  );
  if (threads <= 1 || paths.length < MIN_FILES_FOR_WORKERS) {
    hashHere(paths, algorithms, options, results, paths.keys());
    return results as DigestSet[];
  }
  const batches: number[][] = [];
  for (let start = 0; start < paths.length; start += BATCH_FILES) {
    const end = Math.min(start + BATCH_FILES, paths.length);
    batches.push(Array.from({ length: end - start }, (_, i) => start + i));
  }
  await runWorkers(threads, batches, (batch) => ({
    paths: batch.map((index) => paths[index]!),
    algorithms,
    normalizeLineEndings: options.normalizeLineEndings,
  }), {
    onResults(batch, hashed, bytes) {
      batch.forEach((index, i) => (results[index] = fromResult(hashed[i]!)));
      options.onHashed?.(hashed.length, bytes);
    },
    fallBack: (rest) =>
      hashHere(paths, algorithms, options, results, rest.flat()),
  });
  return results as DigestSet[];
}

interface RunWorkersHooks {
  /** Stores a batch's results; throws to stop everything. */
  onResults(batch: number[], results: HashResult[], bytes: number): void;
  /** Hashes the batches left when no worker can start. */
  fallBack(batches: number[][]): void;
}

/** Hands batches to `threads` workers, one at a time each, until done. */
async function runWorkers(
  threads: number,
  batches: number[][],
  request: (batch: number[]) => Omit<HashRequest, "id">,
  hooks: RunWorkersHooks,
): Promise<void> {
  const pending = batches.map((_, id) => id).reverse();
  const inFlight = new Map<Worker, number>();
  const workers: Worker[] = [];
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (worker: Worker) => {
        const id = pending.pop();
        if (id === undefined) return;
        inFlight.set(worker, id);
        worker.postMessage({ id, ...request(batches[id]!) });
      };
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(
          new URL("./_hash_worker.ts", import.meta.url),
          { type: "module" },
        );
        workers.push(worker);
        worker.onmessage = (event: MessageEvent<HashResponse>) => {
          inFlight.delete(worker);
          const { id, results, bytes } = event.data;
          try {
            hooks.onResults(batches[id]!, results, bytes);
          } catch (error) {
            reject(error);
            return;
          }
          if (++done === batches.length) resolve();
          else send(worker);
        };
        worker.onerror = (event: ErrorEvent) => {
          // A worker that cannot start (e.g. in a bundle without its module):
          // its batch goes back to the queue; the last one out finishes here.
          event.preventDefault();
          worker.terminate();
          const id = inFlight.get(worker);
          inFlight.delete(worker);
          if (id !== undefined) pending.push(id);
          workers.splice(workers.indexOf(worker), 1);
          if (workers.length === 0) {
            try {
              hooks.fallBack(pending.splice(0).map((id) => batches[id]!));
              resolve();
            } catch (error) {
              reject(error);
            }
          }
        };
        send(worker);
      }
    });
  } finally {
    for (const worker of workers) worker.terminate();
  }
}
