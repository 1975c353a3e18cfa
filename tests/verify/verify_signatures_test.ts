// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: signatures and keys of
 * layouts and links, case by case of the attack catalogue (ids in the test
 * names).
 */
import assert from "node:assert/strict";
import type { JsonObject } from "../../lib/json/parse.ts";
import {
  parseSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import { keyidsOf } from "../../lib/crypto/keyid.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import {
  ALICE,
  BOB,
  CARL,
  demoLinks,
  demoSteps,
  OWNER,
  rejects,
  verify,
} from "./_chain.ts";

Deno.test("verifySupplyChain() S1 T2 rejects a layout listing one key under two keyids", async () => {
  const layout = layoutJson(demoSteps());
  const keys = layout.keys as JsonObject;
  keys["f".repeat(64)] = { ...ALICE.publicKey, keyid: "f".repeat(64) };
  await rejects(verify(layout, await demoLinks()), "INVALID_METADATA", /key/);
});

Deno.test("verifySupplyChain() T2 counts one key found under both keyid flavours once", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const link = await sign(linkJson("build"), [ALICE]);
  const modern = keyidsOf(ALICE.publicKey).modern.slice(0, 8);
  assert.notEqual(modern, ALICE.prefix);
  const links = new Map([
    [linkFile("build", ALICE), link],
    [`build.${modern}.link`, link],
  ]);
  const error = await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /threshold 2 not met: found 1 .*same key/,
  );
  assert.equal(error?.report.steps[0]?.links.length, 2);
});

Deno.test("verifySupplyChain() finds a link named with the other keyid flavour", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const modern = keyidsOf(ALICE.publicKey).modern.slice(0, 8);
  const links = new Map([[
    `build.${modern}.link`,
    await sign(linkJson("build"), [ALICE]),
  ]]);
  const report = await verify(layout, links);
  assert.equal(report.steps[0]!.links[0]!.file, `build.${modern}.link`);
});

Deno.test("verifySupplyChain() T1 counts a signature repeated on one envelope once", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const link = await sign(linkJson("build"), [ALICE], "dsse");
  const doubled: SignedFile = {
    ...link,
    signatures: [
      link.signatures[0]!,
      { ...link.signatures[0]!, keyid: BOB.publicKey.keyid },
    ],
  };
  const links = new Map([
    [linkFile("build", ALICE), doubled],
    [linkFile("build", BOB), doubled],
  ]);
  await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /found 1 .*"build\.[0-9a-f]{8}\.link" rejected: no signature on it verifies/,
  );
});

Deno.test("verifySupplyChain() S3 accepts a valid signature with an empty keyid", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const link = await sign(linkJson("build"), [ALICE], "dsse");
  link.signatures = [{ ...link.signatures[0]!, keyid: "" }];
  const report = await verify(
    layout,
    new Map([[linkFile("build", ALICE), link]]),
  );
  assert.equal(report.passed, true);
});

Deno.test("verifySupplyChain() S3 never counts a signature for a key that did not make it", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const byAlice = await sign(linkJson("build"), [ALICE]);
  const relabelled: SignedFile = {
    ...byAlice,
    signatures: [{ ...byAlice.signatures[0]!, keyid: BOB.publicKey.keyid }],
  };
  await rejects(
    verify(
      layout,
      new Map([
        [linkFile("build", ALICE), byAlice],
        [linkFile("build", BOB), relabelled],
      ]),
    ),
    "THRESHOLD_NOT_MET",
    /found 1 /,
  );
});

Deno.test("verifySupplyChain() S6 requires every layout key to verify, and at least one", async () => {
  const layout = await sign(layoutJson(demoSteps()), [OWNER]);
  const links = await demoLinks();
  await rejects(
    verify(layout, links, { layoutKeys: [OWNER.publicKey, CARL.publicKey] }),
    "SIGNATURE_INVALID",
    new RegExp(
      `no signature on it verifies with key "${CARL.publicKey.keyid}"`,
    ),
  );
  await rejects(
    verify(layout, links, { layoutKeys: [] }),
    "SIGNATURE_INVALID",
    /no layout key given/,
  );
  const both = await sign(layoutJson(demoSteps()), [OWNER, CARL]);
  const report = await verify(both, links, {
    layoutKeys: [OWNER.publicKey, CARL.publicKey],
  });
  assert.equal(report.layoutKeys.length, 2);
});

Deno.test("verifySupplyChain() fails for a layout signed by a stranger", async () => {
  const layout = await sign(layoutJson(demoSteps()), [CARL]);
  await rejects(
    verify(layout, await demoLinks()),
    "SIGNATURE_INVALID",
    /no signature on it verifies/,
  );
});

Deno.test("verifySupplyChain() S7 fails for fields added to a link after signing", async () => {
  const links = await demoLinks();
  const original = links.get(linkFile("write-code", ALICE))!;
  for (const extra of [{ Products: { "evil": {} } }, { extra: 1 }]) {
    const tampered = {
      ...original,
      payload: { ...original.payload, ...extra },
    };
    tampered.signedBytes = new TextEncoder().encode(
      JSON.stringify({ ...original.payload, ...extra }),
    );
    links.set(linkFile("write-code", ALICE), tampered);
    await rejects(
      verify(layoutJson(demoSteps()), links),
      "THRESHOLD_NOT_MET",
      /Step "write-code".*no signature on it verifies/,
    );
  }
});

Deno.test("verifySupplyChain() S7 fails for a field added to a signed layout file", async () => {
  const layout = await sign(layoutJson(demoSteps()), [OWNER]);
  const text = new TextDecoder().decode(
    new TextEncoder().encode(
      JSON.stringify({
        signed: { ...layout.payload, extra: 1 },
        signatures: layout.signatures.map((signature) => ({
          keyid: signature.keyid,
          sig: Array.from(signature.sig, (b) => b.toString(16).padStart(2, "0"))
            .join(""),
        })),
      }),
    ),
  );
  const tampered = parseSignedFile(
    new TextEncoder().encode(text),
    "root.layout",
  );
  await rejects(
    verify(tampered, await demoLinks()),
    "SIGNATURE_INVALID",
    /no signature on it verifies/,
  );
});
