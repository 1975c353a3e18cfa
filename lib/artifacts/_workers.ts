// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Starting hashing workers. A hashing queue starts them once it holds enough
 * files to be worth it (a worker takes some 40 ms to load, most of it
 * node:crypto, and `new Worker` holds the calling thread about 18 ms), so a
 * run that records a few files starts none. Workers share the process's
 * permissions: those the CLI dropped are dropped for them too.
 *
 * @module
 */

/**
 * The threads to hash with by default: the cores, at most 4.
 *
 * @returns A number from 1 to 4.
 */
export function defaultHashThreads(): number {
  return Math.min(navigator.hardwareConcurrency || 1, 4);
}

/** The worker's module: beside this one, also in a bundle or binary. */
const WORKER_MODULE = new URL("./_hash_worker.ts", import.meta.url);

let available: boolean | undefined;

/**
 * Whether the worker's module is there to load. A bundle copied without
 * `_hash_worker.ts` has none: its workers would fail, and Deno prints each
 * failure however it is handled, so none is started and the calling
 * thread hashes alone. `deno compile` embeds the module.
 *
 * @returns False when the module is missing.
 */
export function hashWorkersAvailable(): boolean {
  if (available === undefined) {
    try {
      available = WORKER_MODULE.protocol !== "file:" ||
        Deno.statSync(WORKER_MODULE).isFile;
    } catch (error) {
      available = !(error instanceof Deno.errors.NotFound);
    }
  }
  return available;
}

/**
 * Starts a hashing worker (check {@linkcode hashWorkersAvailable} first).
 *
 * @returns The worker; the caller sets its handlers and terminates it.
 */
export function startHashWorker(): Worker {
  return new Worker(WORKER_MODULE, { type: "module" });
}
