// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Worker entry of the hashing pool: receives every batch, hashes those it
 * claims first in shared memory (createHash runs on the calling thread, so
 * workers use the other cores), and answers with the digests in one
 * string. Small files are read synchronously; a large one is read ahead
 * while its last chunk hashes (`hashFileOverlapped`). Messages are handled
 * one at a time, in order, as a synchronous handler would: a batch is
 * claimed only once the one before it is answered.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { errorCode } from "../io.ts";
import { hashFileOverlapped } from "./hash.ts";
import {
  CLAIMS_PER_BUFFER,
  filePath,
  type HashBatch,
  type HashResponse,
  type HashSetup,
} from "./_pool.ts";

let setup: HashSetup | undefined;
const claims: Int32Array[] = [];

async function hashBatch(
  batch: HashBatch,
  options: HashSetup,
): Promise<HashResponse> {
  const hex: string[] = [];
  let bytes = 0;
  for (const path of batch.paths) {
    try {
      const started = hashFileOverlapped(
        filePath(path, batch.within),
        options.algorithms,
        options,
      );
      const hashed = started instanceof Promise ? await started : started;
      bytes += hashed.bytes;
      for (const algorithm of options.algorithms) {
        hex.push(hashed.digests[algorithm]!);
      }
    } catch (error) {
      // The recording fails with the first file that cannot be hashed.
      const code = errorCode(error);
      return {
        id: batch.id,
        hex: "",
        bytes,
        error: {
          code: typeof code === "string" ? code : "IO_ERROR",
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
  }
  return { id: batch.id, hex: hex.join(""), bytes };
}

async function handle(message: HashSetup | HashBatch): Promise<void> {
  if (message.type === "setup") {
    setup = message;
    return;
  }
  if (message.claims !== undefined) {
    claims.push(new Int32Array(message.claims));
  }
  const buffer = claims[Math.floor(message.id / CLAIMS_PER_BUFFER)]!;
  const slot = message.id % CLAIMS_PER_BUFFER;
  if (Atomics.compareExchange(buffer, slot, 0, setup!.worker) !== 0) return;
  self.postMessage(await hashBatch(message, setup!));
}

/** The messages so far, each handled after the one before. */
let handled: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<HashSetup | HashBatch>) => {
  handled = handled.then(() => handle(event.data));
};
