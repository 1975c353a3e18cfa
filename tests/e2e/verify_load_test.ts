// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The file edge of verification: bounded reads, sublayout directories and
 * their cycles, through the loader and through `intoto verify`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import {
  directoryLinkSource,
  readMetadataFile,
} from "../../lib/verify/load.ts";
import { intoto, tempDir } from "../_helpers.ts";
import {
  layoutJson,
  linkFile,
  linkJson,
  sign,
  writeDelegatedChain,
  writeFiles,
  writePublicKeyFile,
} from "../_verify_fixtures.ts";
import { ALICE, CARL, OWNER, VERIFY_ARGS } from "./_security_helpers.ts";

/** `intoto verify` of root.layout with the owner's key file. */
const VERIFY = ["verify", ...VERIFY_ARGS];

Deno.test("readMetadataFile() R2 refuses a file over the size limit without reading it", async () => {
  const directory = await tempDir();
  const path = join(directory, "huge.link");
  await using file = await Deno.open(path, { write: true, create: true });
  await file.truncate(300 * 1024 * 1024);
  const started = performance.now();
  await assert.rejects(
    readMetadataFile(path),
    (error) =>
      isIntotoError(error, "LIMIT_EXCEEDED") &&
      /larger than the limit of 268435456 bytes/.test(error.message),
  );
  assert.ok(performance.now() - started < 1000);
  await assert.rejects(
    readMetadataFile(directory),
    (error) =>
      isIntotoError(error, "IO_ERROR") &&
      /not a regular file/.test(error.message),
  );
  await Deno.remove(directory, { recursive: true });
});

Deno.test("readMetadataFile() R2 refuses 10^5 signatures with a clear error", async () => {
  const directory = await tempDir();
  const path = join(directory, "many.link");
  const signature = { keyid: "a".repeat(64), sig: "b".repeat(128) };
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      signed: linkJson("build"),
      signatures: Array.from({ length: 100_000 }, () => signature),
    }),
  );
  const started = performance.now();
  await assert.rejects(
    readMetadataFile(path),
    (error) =>
      isIntotoError(error, "LIMIT_EXCEEDED") &&
      /signatures/.test(error.message),
  );
  assert.ok(performance.now() - started < 5000);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("directoryLinkSource() resolves missing files and directories to undefined", async () => {
  const directory = await tempDir();
  const source = directoryLinkSource(directory);
  assert.equal(typeof source, "function");
  if (typeof source !== "function") return;
  assert.equal(await source("build.12345678.link"), undefined);
  assert.equal(await source("sub.12345678/build.12345678.link"), undefined);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("intoto verify reads sublayout links from <step>.<keyid8>/", async () => {
  const directory = await tempDir();
  await writeDelegatedChain(directory, {
    owner: OWNER,
    alice: ALICE,
    carl: CARL,
  });
  const result = await intoto([
    ...VERIFY,
    "--report",
    "json",
  ], { cwd: directory });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.steps[0].sublayouts[0].passed, true);
  assert.equal(
    report.steps[0].sublayouts[0].steps[0].links[0].file,
    `build.${ALICE.prefix}/${linkFile("compile", CARL)}`,
  );
  await Deno.remove(directory, { recursive: true });
});

Deno.test("intoto verify F5 stops a sublayout directory symlinked to itself", async () => {
  // The sublayout delegates "build" again to ALICE, and its directory is a
  // symlink to ".", so every level finds the same files one level deeper.
  const directory = await tempDir();
  const sublayout = await sign(layoutJson([{ name: "build", keys: [ALICE] }]), [
    ALICE,
  ]);
  await writeFiles(directory, {
    "root.layout": await sign(
      layoutJson([{ name: "build", keys: [ALICE] }]),
      [OWNER],
    ),
    [linkFile("build", ALICE)]: sublayout,
  });
  await Deno.symlink(".", join(directory, `build.${ALICE.prefix}`));
  await writePublicKeyFile(join(directory, "owner.pub"), OWNER);
  const started = performance.now();
  const result = await intoto([
    ...VERIFY,
  ], { cwd: directory });
  assert.ok(performance.now() - started < 10_000);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /it is the same directory as .* \(a cycle\)/);
  await Deno.remove(directory, { recursive: true });
});
