// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Starting hashing workers. A worker takes some 40 ms to load (most of it
 * node:crypto), so the CLI starts them at launch for the commands that hash
 * files, on the otherwise idle cores while its own modules load; the first
 * hashing queue adopts them. This module loads nothing else, so that
 * starting them is the first thing the CLI does. Workers share the
 * process's permissions: those the CLI drops later are dropped for them too.
 *
 * @module
 */

/** A worker started ahead of need, and whether it failed to load. */
interface Prestarted {
  worker: Worker;
  failed: boolean;
}

const prestarted: Prestarted[] = [];

/**
 * The threads to hash with by default: the cores, at most 4.
 *
 * @returns A number from 1 to 4.
 */
export function defaultHashThreads(): number {
  return Math.min(navigator.hardwareConcurrency || 1, 4);
}

/**
 * Starts the workers that a hashing queue with the default threads uses:
 * one less than the threads, since the calling thread hashes too.
 */
export function prestartHashWorkers(): void {
  if (!hashWorkersAvailable()) return;
  for (let i = prestarted.length; i < defaultHashThreads() - 1; i++) {
    const entry: Prestarted = { worker: newHashWorker(), failed: false };
    // Until a queue adopts it, a worker that fails to load is only marked.
    entry.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      entry.failed = true;
    };
    prestarted.push(entry);
  }
}

/**
 * A hashing worker: a prestarted one that loaded, or a new one.
 *
 * @returns The worker; the caller sets its handlers and terminates it.
 */
export function takeHashWorker(): Worker {
  for (let entry = prestarted.pop(); entry; entry = prestarted.pop()) {
    if (!entry.failed) return entry.worker;
    entry.worker.terminate();
  }
  return newHashWorker();
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

function newHashWorker(): Worker {
  return new Worker(WORKER_MODULE, { type: "module" });
}
