// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue's paths and filesystem (F) against `intoto verify`,
 * end to end: crafted files in a folder, the real CLI, one clean `error:`
 * line and the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import { join } from "node:path";
import {
  ALICE,
  chain,
  fails,
  OWNER,
  passes,
  referenceVerify,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkJson, sign } from "../_verify_fixtures.ts";

Deno.test("F1 intoto verify rejects step names unsafe as file names; in-toto-verify reads ../outside.<kid>.link", async () => {
  const directory = await chain({
    "work/root.layout": await sign(
      layoutJson([{ name: "../outside", keys: [ALICE] }]),
      [OWNER],
    ),
    [`outside.${ALICE.prefix}.link`]: await sign(linkJson("../outside"), [
      ALICE,
    ]),
  });
  const work = join(directory, "work");
  await Deno.rename(join(directory, "owner.pub"), join(work, "owner.pub"));
  passes(await referenceVerify(work), "in-toto-verify reads outside");
  fails(
    await verify(work),
    2,
    /at steps\[0\]\.name: the name "\.\.\/outside" is not safe as a file name/,
  );
  for (const name of ["a/b", "a\\b", "..", ".", "", "x\u0000"]) {
    fails(
      await verify(
        await chain({
          "root.layout": await sign(layoutJson([{ name, keys: [ALICE] }]), [
            OWNER,
          ]),
        }),
      ),
      2,
      /at steps\[0\]\.name: /,
      JSON.stringify(name),
    );
  }
});
