// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * readSignedFile() reads the signed bytes from the file's bytes and lets go
 * of them before it parses the text: differentially, it gives exactly what
 * parseSignedFile() gives for the same bytes, files and errors alike.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseSignedFile,
  readSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import { DEMO, DSSE, utf8 } from "./_signed_file.ts";

/** What parseSignedFile() gives: the file, or the error's code and message. */
function settle(
  read: () => SignedFile,
): SignedFile | { code: unknown; message: string } {
  try {
    return read();
  } catch (error) {
    const { code, message } = error as { code: unknown; message: string };
    return { code, message };
  }
}

async function settleAsync(
  read: () => Promise<SignedFile>,
): Promise<SignedFile | { code: unknown; message: string }> {
  try {
    return await read();
  } catch (error) {
    const { code, message } = error as { code: unknown; message: string };
    return { code, message };
  }
}

Deno.test("readSignedFile() gives what parseSignedFile() gives for the same bytes", async () => {
  const files: [string, Uint8Array][] = [];
  for (
    const path of [
      join(DEMO, "demo.layout.template"),
      join(DEMO, "write-code.776a00e2.link"),
      join(DSSE, "write-code.776a00e2.link"),
    ]
  ) {
    files.push([path, await Deno.readFile(path)]);
  }
  const made: Record<string, string | Uint8Array> = {
    // Keys out of order and escapes: the signed bytes are encoded again.
    "unordered.link":
      '{"signed": {"b": "x\\n\\u00e9\\"", "a": [1, -2]}, "signatures": []}',
    "ordered.link":
      '{\n "signatures": [],\n "signed": {\n  "a": "\\u00e9\\t",\n  "b": {}\n }\n}',
    // Canonical bytes can be read from these, but they do not parse.
    "duplicate.link": '{"signed": {"a": 1}, "signatures": [], "signed": {}}',
    "fraction.link": '{"signatures": [], "signed": {"a": 1.5}}',
    "utf8.link": new Uint8Array([...utf8('{"signed": {"a": "'), 0xff, 0x22]),
    "bom.link": new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("{}")]),
    "neither.link": '{"signed": {}}',
  };
  const directory = await Deno.makeTempDir();
  try {
    for (const [name, content] of Object.entries(made)) {
      const path = join(directory, name);
      const bytes = typeof content === "string" ? utf8(content) : content;
      await Deno.writeFile(path, bytes);
      files.push([path, bytes]);
    }
    for (const [path, bytes] of files) {
      assert.deepEqual(
        await settleAsync(() => readSignedFile(path)),
        settle(() => parseSignedFile(bytes, path)),
        path,
      );
    }
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
