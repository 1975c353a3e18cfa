// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ProgressLine } from "../../lib/cli/progress.ts";
import {
  FIXTURES,
  intotoCommand,
  tempDir,
  underTerminal,
} from "../_helpers.ts";

Deno.test("ProgressLine() draws only after the delay, then erases itself", () => {
  const drawn: string[] = [];
  let time = 0;
  const line = new ProgressLine("Recording materials", {
    write: (text) => drawn.push(text),
    now: () => time,
  });
  line.update({ files: 5, total: 9, bytes: 100 });
  time = 999;
  line.update({ files: 6, total: 9, bytes: 100 });
  assert.deepEqual(drawn, []);
  time = 1001;
  line.update({ files: 7, total: 9, bytes: 3_500_000 });
  time = 1050;
  line.update({ files: 8, total: 9, bytes: 3_600_000 });
  line.done();
  assert.deepEqual(drawn, [
    "\rRecording materials: 7/9 files, 3.5 MB",
    "\r\x1b[2K",
  ]);
});

Deno.test("ProgressLine() always draws the final totals, however soon after the last line", () => {
  const drawn: string[] = [];
  let time = 0;
  const line = new ProgressLine("Recording products", {
    write: (text) => drawn.push(text),
    now: () => time,
  });
  time = 1001;
  line.update({ files: 1, total: 2, bytes: 1_000_000_000 });
  time = 1002;
  line.update({ files: 2, total: 2, bytes: 2_000_000_000 });
  assert.deepEqual(drawn, [
    "\rRecording products: 1/2 files, 1000.0 MB",
    "\rRecording products: 2/2 files, 2000.0 MB",
  ]);
});

Deno.test("intoto run's progress line reaches the true file and byte counts on files over the chunk size", async () => {
  const directory = await tempDir();
  // Two files of 1 GiB (sparse: read at memory speed) and some small ones,
  // so that the line is drawn (after 1 s) and updates come close together.
  for (const name of ["big1", "big2"]) {
    const file = await Deno.open(join(directory, name), {
      create: true,
      write: true,
    });
    await file.truncate(1024 ** 3);
    file.close();
  }
  for (let i = 0; i < 50; i++) {
    await Deno.writeTextFile(join(directory, `f${i}`), `${i}`);
  }
  const argv = [
    ...intotoCommand(),
    "run",
    "-n",
    "s",
    "-k",
    join(FIXTURES, "demo_files", "danny"),
    "-t",
    "ed25519",
    "-p",
    ".",
    "-x",
  ];
  // Under a terminal, where the line is drawn.
  const text = (await underTerminal(argv, { cwd: directory })).out;
  const lines = text.split("\r").filter((line) => line.startsWith("Recording"));
  assert.ok(lines.length > 0, text);
  const size = ((2 * 1024 ** 3 + 90) / 1e6).toFixed(1);
  assert.equal(lines.at(-1), `Recording products: 52/52 files, ${size} MB`);
});
