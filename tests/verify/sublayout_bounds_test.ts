// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Sublayouts whose link directories are shared form a DAG with
 * exponentially many paths. Each sublayout is verified once per layout,
 * key, step and real directory, and the files loaded are capped.
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import type { SignedFile } from "../../lib/model/signed_file.ts";
import type { LinkReader } from "../../lib/verify/links.ts";
import { verifySupplyChain } from "../../lib/verify/verify.ts";
import { layoutJson, linkJson, sign, testKey } from "../_verify_fixtures.ts";

const OWNER = testKey(9);
const KEYS = [testKey(11), testKey(12), testKey(13), testKey(14)];
const DEPTH = 7;

/**
 * At every level each of the four keys signs a sublayout of step "s" that
 * the four keys may do; every `s.<keyid8>/` below one level is the same
 * directory (as symbolic links would make it): 4^7 paths, 4 x 7 sublayouts.
 */
async function sharedDag(): Promise<
  { reader: LinkReader; reads: () => number }
> {
  const files = new Map<string, SignedFile>();
  for (let level = 1; level <= DEPTH; level++) {
    for (const key of KEYS) {
      files.set(
        `${level}/s.${key.prefix}.link`,
        level < DEPTH
          ? await sign(layoutJson([{ name: "s", keys: KEYS }]), [key])
          : await sign(linkJson("s", { products: { out: "o" } }), [key]),
      );
    }
  }
  let count = 0;
  const reader = Object.assign(
    (path: string) => {
      const parts = path.split("/");
      count++;
      return Promise.resolve(files.get(`${parts.length}/${parts.at(-1)}`));
    },
    {
      identify: (directory: string) =>
        Promise.resolve(`level ${directory.split("/").length}`),
    },
  );
  return { reader, reads: () => count };
}

async function verifyDag(
  reader: LinkReader,
  limits: { maxFiles?: number } = {},
) {
  return await verifySupplyChain({
    layout: await sign(layoutJson([{ name: "s", keys: KEYS }]), [OWNER]),
    layoutKeys: [OWNER.publicKey],
    links: reader,
    limits,
  });
}

Deno.test("verifySupplyChain() verifies each shared sublayout once, not once per path", async () => {
  const { reader, reads } = await sharedDag();
  const report = await verifyDag(reader);
  assert.equal(report.passed, true);
  // Four files per level for each of the four parents: polynomial.
  assert.ok(reads() <= DEPTH * KEYS.length ** 2 * 3, `${reads()} reads`);
});

Deno.test("verifySupplyChain() stops at the limit of files loaded, with a clear error", async () => {
  const { reader } = await sharedDag();
  await assert.rejects(
    verifyDag(reader, { maxFiles: 20 }),
    (error) =>
      isIntotoError(error, "LIMIT_EXCEEDED") &&
      /has loaded 20 layouts and links, its limit/.test(error.message),
  );
});

Deno.test("verifySupplyChain() without identities tells shared directories apart by path, within the limit", async () => {
  const { reader } = await sharedDag();
  const plain: LinkReader = (path) => reader(path);
  await assert.rejects(
    verifyDag(plain, { maxFiles: 2_000 }),
    (error) => isIntotoError(error, "LIMIT_EXCEEDED"),
  );
});
