// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  hashFile,
  hashFileSync,
  READ_BUFFER_SIZE,
} from "../../lib/artifacts/hash.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { python, tempDir } from "../_helpers.ts";

/** securesystemslib 0.26's digests of a file, as in-toto 1.3.1 hashes it. */
async function referenceDigests(
  path: string,
  algorithms: string[],
  normalize: boolean,
): Promise<Record<string, string>> {
  const result = await python(`
import json
from securesystemslib.hash import digest_filename
print(json.dumps({a: digest_filename(${JSON.stringify(path)}, a,
  normalize_line_endings=${normalize ? "True" : "False"}).hexdigest()
  for a in ${JSON.stringify(algorithms)}}))
`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

Deno.test("hashFile() gives sha256 and sha512 in one pass, as securesystemslib", async () => {
  const dir = await tempDir();
  const path = join(dir, "data");
  const data = new Uint8Array(3 * READ_BUFFER_SIZE + 17).map((_, i) => i * 7);
  await Deno.writeFile(path, data);
  const algorithms = ["sha256", "sha512", "sha384", "sha224"];
  assert.deepEqual(
    await hashFile(path, algorithms),
    await referenceDigests(path, algorithms, false),
  );
  await Deno.writeFile(path, new Uint8Array());
  assert.deepEqual(
    await hashFile(path, ["sha256"]),
    await referenceDigests(path, ["sha256"], false),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hashFile() normalises line endings across read buffer boundaries", async () => {
  const dir = await tempDir();
  const path = join(dir, "text");
  const cases: [string, Uint8Array][] = [];
  const make = (bytes: Record<number, number>, length: number) => {
    const data = new Uint8Array(length).fill(0x61);
    for (const [at, value] of Object.entries(bytes)) data[+at] = value;
    return data;
  };
  // The synchronous reader's buffer and the asynchronous one's (1 MiB).
  for (const boundary of [READ_BUFFER_SIZE, 1024 * 1024]) {
    // CR LF split by the boundary; CR at the boundary then text; CR CR LF;
    // a file ending in CR at the boundary.
    cases.push([
      `crlf split at ${boundary}`,
      make({ [boundary - 1]: 13, [boundary]: 10 }, boundary * 2),
    ]);
    cases.push([
      `cr then text at ${boundary}`,
      make({ [boundary - 1]: 13, [boundary]: 0x62 }, boundary + 5),
    ]);
    cases.push([
      `cr cr lf at ${boundary}`,
      make(
        { [boundary - 1]: 13, [boundary]: 13, [boundary + 1]: 10 },
        boundary + 9,
      ),
    ]);
    cases.push([
      `ends in cr at ${boundary}`,
      make({ [boundary - 1]: 13 }, boundary),
    ]);
  }
  cases.push(["mixed", new TextEncoder().encode("a\r\nb\rc\n\r\r\nd\r")]);
  for (const [name, data] of cases) {
    await Deno.writeFile(path, data);
    const expected = await referenceDigests(path, ["sha256"], true);
    const options = { normalizeLineEndings: true };
    assert.deepEqual(await hashFile(path, ["sha256"], options), expected, name);
    assert.deepEqual(
      hashFileSync(path, ["sha256"], options).digests,
      expected,
      name,
    );
    assert.notDeepEqual(
      await hashFile(path, ["sha256"]),
      await hashFile(path, ["sha256"], { normalizeLineEndings: true }),
      `${name}: normalisation only when asked`,
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hashFile() refuses unknown algorithms and reports missing files", async () => {
  await assert.rejects(
    hashFile("/dev/null", ["md5"]),
    (error) =>
      isIntotoError(error, "UNSUPPORTED") && /"md5"/.test(error.message),
  );
  await assert.rejects(
    hashFile("/nonexistent/file", ["sha256"]),
    (error) => isIntotoError(error, "FILE_NOT_FOUND"),
  );
});

/**
 * hashFileSync(path) in a child process, so that a read that blocks or never
 * ends fails the test at a time limit instead of hanging it.
 *
 * @returns What it returned, as JSON, or the error's code and message.
 */
async function hashInChild(path: string): Promise<string> {
  const module = new URL("../../lib/artifacts/hash.ts", import.meta.url).href;
  const code = `import { hashFileSync } from ${JSON.stringify(module)};
try {
  console.log(JSON.stringify(hashFileSync(${
    JSON.stringify(path)
  }, ["sha256"])));
} catch (error) {
  console.log(error.code, error.message);
}`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(20_000),
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trimEnd();
}

Deno.test("hashFileSync() reads a FIFO put in a file's place as empty, without hanging", async () => {
  const dir = await tempDir();
  const fifo = join(dir, "swapped");
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.ok(made.success);
  assert.deepEqual(JSON.parse(await hashInChild(fifo)), {
    digests: {
      sha256:
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    },
    bytes: 0,
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hashFileSync() refuses a device put in a file's place instead of reading it without end", async () => {
  // A file swapped for a link to /dev/zero after the walk: Deno opens what
  // the link points at.
  const dir = await tempDir();
  const swapped = join(dir, "swapped");
  await Deno.symlink("/dev/zero", swapped);
  assert.match(
    await hashInChild(swapped),
    /^IO_ERROR Cannot read ".*swapped": it is a character device, not a regular file$/,
  );
  // A regular file larger than the read buffer is checked and read whole.
  const large = join(dir, "large");
  const content = new Uint8Array(READ_BUFFER_SIZE * 2 + 7).fill(7);
  await Deno.writeFile(large, content);
  assert.deepEqual(hashFileSync(large, ["sha256"]), {
    digests: { sha256: createHash("sha256").update(content).digest("hex") },
    bytes: content.length,
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("hashFile() refuses a FIFO or a device in a file's place, without blocking or reading", async () => {
  const dir = await tempDir();
  const fifo = join(dir, "swapped");
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.ok(made.success);
  for (
    const [path, kind] of [
      [fifo, /named pipe \(FIFO\), not a regular file/],
      ["/dev/zero", /character device, not a regular file/],
    ] as const
  ) {
    await assert.rejects(
      hashFile(path, ["sha256"]),
      (error) => isIntotoError(error, "IO_ERROR") && kind.test(error.message),
    );
  }
  await Deno.remove(dir, { recursive: true });
});
