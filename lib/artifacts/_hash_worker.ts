// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Worker entry of the hashing pool: receives every batch, hashes those it
 * claims first in shared memory (synchronous reads; createHash runs on the
 * calling thread, so workers use the other cores), and answers with the
 * digests in one string.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { errorCode } from "../io.ts";
import { hashFileSync } from "./hash.ts";
import {
  CLAIMS_PER_BUFFER,
  filePath,
  type HashBatch,
  type HashResponse,
  type HashSetup,
} from "./_pool.ts";

let setup: HashSetup | undefined;
const claims: Int32Array[] = [];

function hashBatch(batch: HashBatch, options: HashSetup): HashResponse {
  const hex: string[] = [];
  let bytes = 0;
  for (const path of batch.paths) {
    try {
      const hashed = hashFileSync(
        filePath(path, batch.within),
        options.algorithms,
        options,
      );
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

self.onmessage = (event: MessageEvent<HashSetup | HashBatch>) => {
  const message = event.data;
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
  self.postMessage(hashBatch(message, setup!));
};
