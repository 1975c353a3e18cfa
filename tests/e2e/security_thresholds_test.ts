// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue's thresholds (T) against `intoto verify`, end to
 * end: crafted files in a folder, the real CLI, one clean `error:` line and
 * the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import { type JsonObject } from "../../lib/json/parse.ts";
import { type SignedFile } from "../../lib/model/signed_file.ts";
import {
  ALICE,
  BOB,
  buildLayout,
  chain,
  dsseBuildLink,
  edited,
  fails,
  linkStatement,
  OWNER,
  passes,
  referenceVerify,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";

Deno.test("T1 intoto verify counts one signature repeated on a DSSE link once", async () => {
  const envelope = await dsseBuildLink();
  const [signature] = envelope.signatures as { keyid: string; sig: string }[];
  const doubled = JSON.stringify({
    ...envelope,
    signatures: [signature, signature, { ...signature, keyid: "" }],
  });
  fails(
    await verify(
      await chain({
        "root.layout": await sign(
          layoutJson([{ name: "build", keys: [ALICE, BOB], threshold: 2 }]),
          [OWNER],
        ),
        [linkFile("build", ALICE)]: doubled,
        [linkFile("build", BOB)]: doubled,
      }),
    ),
    1,
    /threshold 2 not met: found 1 valid link/,
  );
});

Deno.test("T3 intoto verify rejects signed thresholds 0, -1 and true that in-toto-verify passes", async () => {
  for (const threshold of [0, -1, true]) {
    const layout = layoutJson([{ name: "build", keys: [ALICE, BOB] }]);
    (layout.steps as JsonObject[])[0]!.threshold = threshold;
    const directory = await chain({
      "root.layout": await sign(layout, [OWNER]),
      [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
    });
    passes(await referenceVerify(directory), `in-toto-verify, ${threshold}`);
    fails(
      await verify(directory),
      2,
      /at steps\[0\]\.threshold: expected an integer from 1 to 2 \(the number of pubkeys\)/,
      String(threshold),
    );
  }
});

Deno.test('T3 P2 intoto verify rejects thresholds "1", null, 3 > pubkeys, 1.0, 1e0 and 2^53+1', async () => {
  for (const threshold of ["1", null, 3]) {
    const layout = layoutJson([{ name: "build", keys: [ALICE, BOB] }]);
    (layout.steps as JsonObject[])[0]!.threshold = threshold;
    fails(
      await verify(await chain({ "root.layout": await sign(layout, [OWNER]) })),
      2,
      /at steps\[0\]\.threshold: expected an integer from 1 to 2/,
      String(threshold),
    );
  }
  // Numbers that no signer can produce: refused when parsed.
  const signed = await buildLayout();
  for (const threshold of ["1.0", "1e0", "9007199254740993"]) {
    fails(
      await verify(
        await chain({
          "root.layout": edited(
            signed,
            '"threshold": 1',
            `"threshold": ${threshold}`,
          ),
        }),
      ),
      2,
      /Cannot parse "root\.layout" at signed\.steps\[0\]\.threshold: (only integers|integer "9007199254740993" is beyond 2\^53)/,
      threshold,
    );
  }
});

Deno.test("T4 intoto verify fails threshold-1 links that disagree; in-toto-verify passes with the first", async () => {
  const directory = await chain({
    "root.layout": await sign(
      layoutJson([{ name: "build", keys: [ALICE, BOB] }]),
      [OWNER],
    ),
    [linkFile("build", ALICE)]: await sign(
      linkJson("build", { products: { a: "1" } }),
      [ALICE],
    ),
    [linkFile("build", BOB)]: await sign(
      linkJson("build", { products: { a: "2" } }),
      [BOB],
    ),
  });
  passes(await referenceVerify(directory), "in-toto-verify 1.3.1");
  fails(
    await verify(directory),
    1,
    /Step "build": links .* disagree on products: "a" differs/,
  );
});

Deno.test("T6 intoto verify takes a Statement for a step only as a DSSE link attestation, never another type", async () => {
  const withLink = async (file: Promise<SignedFile>) =>
    verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: await file,
      }),
    );
  // The one accepted form (in-toto attestations): link predicate, in DSSE.
  passes(await withLink(sign(linkStatement("build"), [ALICE], "dsse")));
  fails(
    await withLink(sign(linkStatement("build"), [ALICE], "metablock")),
    1,
    /it is a Statement in a metablock; an attestation counts only in a DSSE envelope/,
  );
  fails(
    await withLink(sign(linkStatement("test"), [ALICE], "dsse")),
    1,
    /it is signed for step "test", not "build"/,
  );
  const provenance = {
    ...linkStatement("build"),
    predicateType: "https://slsa.dev/provenance/v1",
    predicate: { buildDefinition: {}, runDetails: {} },
  };
  fails(
    await withLink(sign(provenance, [ALICE], "dsse")),
    1,
    /predicate type "https:\/\/slsa\.dev\/provenance\/v1"; only the link predicate/,
  );
  const old = {
    ...linkStatement("build"),
    _type: "https://in-toto.io/Statement/v0.1",
  };
  fails(
    await withLink(sign(old, [ALICE], "dsse")),
    1,
    /its payload type "https:\/\/in-toto\.io\/Statement\/v0\.1" is not "link"/,
  );
  const untyped = linkJson("build");
  delete untyped._type;
  fails(
    await withLink(sign(untyped, [ALICE])),
    1,
    /its payload type null is not "link"/,
  );
});
