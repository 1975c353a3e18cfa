// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Regenerates docs/report-passed.png and docs/report-failed.png: the HTML
 * reports of the demo chain, honest and tampered, as headless Chromium
 * shows them. Run it after changing the report's look:
 *
 *     deno run -A scripts/report_screenshots.ts
 *
 * @module
 */

import { join } from "node:path";
import { performChain, setQuiet, signedLayout } from "../demo/demo.ts";
import { intoto, ROOT } from "../tests/_helpers.ts";
import { browse } from "../tests/e2e/_chromium.ts";

setQuiet(true);
const work = await Deno.makeTempDir({ prefix: "intoto-screenshots-" });
try {
  await signedLayout(work);
  for (const tamper of [false, true]) {
    const chain = await performChain(work, { tamper });
    const name = tamper ? "report-failed" : "report-passed";
    const page = join(work, `${name}.html`);
    await intoto([
      "verify",
      "-l",
      "root.layout",
      "-k",
      "alice.pub",
      "--report",
      page,
    ], { cwd: chain });
    const shot = join(ROOT, "docs", `${name}.png`);
    await browse(page, { screenshot: shot });
    console.log(`Wrote ${shot}`);
  }
} finally {
  await Deno.remove(work, { recursive: true });
}
