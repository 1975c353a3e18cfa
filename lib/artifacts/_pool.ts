// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Hashing many files on every core while they are still being found.
 *
 * Files are queued as the walk finds them. Small jobs stay on the calling
 * thread. Past {@linkcode MIN_FILES_FOR_WORKERS} files, Workers start and
 * every batch is posted to all of them at once, even while the calling
 * thread is still walking synchronously; each batch has a slot in shared
 * memory, and the first worker to claim the slot hashes it, the others skip
 * it. A worker busy with large files thus leaves the following batches to
 * the others, without any round trip through the calling thread. Batches
 * grow from {@linkcode FIRST_BATCH_FILES} to {@linkcode MAX_BATCH_FILES}
 * files: the first reaches a worker at once, and the later ones cost fewer
 * messages (each costs tens of microseconds on both sides).
 *
 * @module
 */

import { type ErrorCode, IntotoError } from "../errors.ts";
import type { DigestSet } from "../model/link.ts";
import { type HashedFile, hashFileOverlapped, hashFileSync } from "./hash.ts";
import {
  defaultHashThreads,
  hashWorkersAvailable,
  startHashWorker,
} from "./_workers.ts";

/** The first message to a worker: how to hash. */
export interface HashSetup {
  type: "setup";
  algorithms: string[];
  normalizeLineEndings: boolean;
  /** This worker's number, from 1; it marks the slots it claims. */
  worker: number;
}

/** A batch posted to every worker. */
export interface HashBatch {
  type: "batch";
  id: number;
  /** Absolute paths, or names relative to `within` (see {@linkcode filePath}). */
  paths: string[];
  /** The folder relative names are in. */
  within?: string;
  /** Claim slots for batches `id` to `id + CLAIMS_PER_BUFFER - 1`. */
  claims?: SharedArrayBuffer;
}

/** A worker's answer to a batch it claimed. */
export interface HashResponse {
  id: number;
  /** Hex digests of each file, algorithm after algorithm, concatenated. */
  hex: string;
  bytes: number;
  /** Why the batch stopped, at the first file that could not be hashed. */
  error?: { code: string; message: string };
}

/** Options of {@linkcode HashQueue}. */
export interface HashQueueOptions {
  normalizeLineEndings: boolean;
  /** Threads to use; default: the number of cores, at most 4. */
  threads?: number;
  /** Called after each file or batch with the files and bytes it added. */
  onHashed?: (files: number, bytes: number) => void;
}

/**
 * Where to read a queued file: an absolute path as it is, a name from the
 * folder it is in.
 *
 * @param path What {@linkcode HashQueue.add} kept.
 * @param within The folder of relative names.
 * @returns An absolute path.
 */
export function filePath(path: string, within: string | undefined): string {
  return within === undefined || path.startsWith("/")
    ? path
    : `${within}/${path}`;
}

/** Below this many files, starting workers costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 48;
/** Files in the first batch; each next batch is twice as large... */
const FIRST_BATCH_FILES = 64;
/** ...up to this many files. */
const MAX_BATCH_FILES = 256;
/** Batches per shared claim buffer. */
export const CLAIMS_PER_BUFFER = 4096;

/** Hex length of each algorithm's digest. */
const HEX_LENGTHS: Readonly<Record<string, number>> = {
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/**
 * Collects files to hash and hashes them, on workers when there are enough
 * of them. Call {@linkcode HashQueue.add} for each file, then
 * {@linkcode HashQueue.finish} once; {@linkcode HashQueue.close} in a
 * `finally` stops the workers if the walk failed.
 */
export class HashQueue {
  readonly #algorithms: string[];
  readonly #options: HashQueueOptions;
  /** Absolute paths, or names relative to `#within`. */
  readonly #paths: string[] = [];
  #within: string | undefined;
  readonly #results: (DigestSet | undefined)[] = [];
  /** The first file not yet put in a batch. */
  #queued = 0;
  #batches = 0;
  /** Batch `id` holds files `#bounds[id]` to `#bounds[id + 1] - 1`. */
  #bounds: number[] = [0];
  #claims: Int32Array[] = [];
  #started = false;
  #workers: Worker[] = [];
  /** The numbers of the running workers. */
  #numbers = new Set<number>();
  /** Batches answered (by id), how many, and the first failure. */
  #done = new Set<number>();
  #answered = 0;
  #failure: unknown;
  #wake: (() => void) | undefined;

  /**
   * @param algorithms Checked algorithm names.
   * @param options Normalisation, threads, progress.
   */
  constructor(algorithms: string[], options: HashQueueOptions) {
    this.#algorithms = algorithms;
    this.#options = options;
  }

  /**
   * Queues a file; its digests come at the same index from `finish`.
   *
   * @param path The file to hash, an absolute path.
   * @param name When the path is `within`, a `/` and this name, which the
   * caller keeps anyway: the queue keeps the name (a million absolute
   * paths are some 80 MB here, and as much again in the workers' queues).
   * @param within The folder (one for all the names of a queue).
   */
  add(path: string, name?: string, within?: string): void {
    if (name !== undefined && within !== undefined) {
      this.#within ??= within;
      this.#paths.push(within === this.#within ? name : path);
    } else {
      this.#paths.push(path);
    }
    const pending = this.#paths.length - this.#queued;
    if (!this.#started) {
      if (this.#paths.length < MIN_FILES_FOR_WORKERS) return;
      this.#started = this.#start();
      if (!this.#started) return;
    }
    if (pending >= batchFiles(this.#batches)) this.#post();
  }

  /**
   * Hashes whatever is left and waits for every file.
   *
   * @returns The digests, in the order the files were added.
   * @throws {IntotoError} For the first file found that cannot be read.
   */
  async finish(): Promise<DigestSet[]> {
    if (!this.#started) {
      // Few files, perhaps large ones: read each one ahead as it hashes.
      for (let index = this.#queued; index < this.#paths.length; index++) {
        const started = hashFileOverlapped(
          filePath(this.#paths[index]!, this.#within),
          this.#algorithms,
          { normalizeLineEndings: this.#options.normalizeLineEndings },
        );
        this.#hashed(
          index,
          started instanceof Promise ? await started : started,
        );
      }
      return this.#results as DigestSet[];
    }
    while (this.#queued < this.#paths.length) this.#post();
    // This thread hashes too, taking batches from the end while the workers
    // take them from the start.
    for (let id = this.#batches - 1; id >= 0; id--) {
      const [claims, slot] = this.#slot(id);
      if (Atomics.load(claims, slot) === 0) this.#rescue(id);
    }
    while (this.#answered < this.#batches && this.#failure === undefined) {
      if (this.#workers.length === 0) {
        // No worker left to answer: hash the rest here.
        for (let id = 0; id < this.#batches; id++) this.#rescue(id);
        continue;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    if (this.#failure !== undefined) throw this.#failure;
    return this.#results as DigestSet[];
  }

  /**
   * Stops the workers, and lets go of the paths: a terminated worker's
   * handlers can outlive it for a while, and they hold this queue (for a
   * tree of a million files, some 80 MB of paths).
   */
  close(): void {
    for (const worker of this.#workers) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
    this.#workers = [];
    this.#numbers.clear();
    this.#paths.length = 0;
  }

  /** Whether worker `number` is still running. */
  #alive(number: number): boolean {
    return this.#numbers.has(number);
  }

  /**
   * Starts one worker less than the threads to use (this thread hashes
   * too); false when one thread is all there is.
   */
  #start(): boolean {
    const threads = this.#options.threads ?? defaultHashThreads();
    if (threads <= 1 || !hashWorkersAvailable()) return false;
    for (let number = 1; number < threads; number++) {
      const worker = startHashWorker();
      worker.onmessage = (event: MessageEvent<HashResponse>) =>
        this.#receive(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        this.#lost(worker, number);
      };
      const setup: HashSetup = {
        type: "setup",
        algorithms: this.#algorithms,
        normalizeLineEndings: this.#options.normalizeLineEndings,
        worker: number,
      };
      worker.postMessage(setup);
      this.#workers.push(worker);
      this.#numbers.add(number);
    }
    return true;
  }

  /** Posts the next batch of queued files to every worker. */
  #post(): void {
    const id = this.#batches++;
    const start = this.#queued;
    this.#queued = Math.min(start + batchFiles(id), this.#paths.length);
    this.#bounds.push(this.#queued);
    const batch: HashBatch = {
      type: "batch",
      id,
      paths: this.#paths.slice(start, this.#queued),
    };
    if (this.#within !== undefined) batch.within = this.#within;
    if (id % CLAIMS_PER_BUFFER === 0) {
      const claims = new SharedArrayBuffer(CLAIMS_PER_BUFFER * 4);
      this.#claims.push(new Int32Array(claims));
      batch.claims = claims;
    }
    for (const worker of this.#workers) worker.postMessage(batch);
  }

  #slot(id: number): [Int32Array, number] {
    return [
      this.#claims[Math.floor(id / CLAIMS_PER_BUFFER)]!,
      id % CLAIMS_PER_BUFFER,
    ];
  }

  #receive(response: HashResponse): void {
    if (this.#done.has(response.id)) return;
    this.#done.add(response.id);
    const start = this.#bounds[response.id]!;
    const end = this.#bounds[response.id + 1]!;
    const { error, hex } = response;
    if (error !== undefined) {
      this.#fail(new IntotoError(error.code as ErrorCode, error.message));
    } else {
      let offset = 0;
      for (let index = start; index < end; index++) {
        const digests: DigestSet = {};
        for (const algorithm of this.#algorithms) {
          const length = HEX_LENGTHS[algorithm]!;
          digests[algorithm] = hex.slice(offset, offset + length);
          offset += length;
        }
        this.#results[index] = digests;
      }
    }
    this.#options.onHashed?.(end - start, response.bytes);
    this.#answered++;
    this.#wake?.();
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
    this.#wake?.();
  }

  /**
   * A worker could not start (such as in a bundle without its module) or
   * died: the batches it claimed are hashed here; when no worker is left,
   * `finish` hashes the rest here.
   */
  #lost(worker: Worker, number: number): void {
    worker.terminate();
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    this.#numbers.delete(number);
    for (let id = 0; id < this.#batches; id++) {
      const [claims, slot] = this.#slot(id);
      if (Atomics.load(claims, slot) === number) this.#rescue(id);
    }
    this.#wake?.();
  }

  /**
   * Hashes batch `id` here unless it was answered or a live worker claimed
   * it (call it for a dead worker's batches only after removing it).
   */
  #rescue(id: number): void {
    if (this.#done.has(id) || this.#failure !== undefined) return;
    const [claims, slot] = this.#slot(id);
    const claimant = Atomics.compareExchange(claims, slot, 0, -1);
    if (claimant > 0 && this.#alive(claimant)) return;
    this.#done.add(id);
    this.#answered++;
    try {
      this.#hashHere(this.#bounds[id]!, this.#bounds[id + 1]!);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Hashes files `start` to `end - 1` on this thread (synchronous reads). */
  #hashHere(start: number, end: number): void {
    for (let index = start; index < end; index++) {
      const path = filePath(this.#paths[index]!, this.#within);
      this.#hashed(
        index,
        hashFileSync(path, this.#algorithms, {
          normalizeLineEndings: this.#options.normalizeLineEndings,
        }),
      );
    }
  }

  /** Keeps file `index`'s digests and reports its progress. */
  #hashed(index: number, hashed: HashedFile): void {
    this.#results[index] = hashed.digests;
    this.#options.onHashed?.(1, hashed.bytes);
  }
}

/** The number of files in batch `id`. */
function batchFiles(id: number): number {
  return Math.min(FIRST_BATCH_FILES * 2 ** id, MAX_BATCH_FILES);
}
