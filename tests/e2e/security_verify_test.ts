// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue against `intoto verify`, end to end: crafted files in
 * a folder, the real CLI, one clean `error:` line and the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { canonicalBytes } from "../../lib/json/canonical.ts";
import { canonicalMember } from "../../lib/json/canonical_member.ts";
import { pae } from "../../lib/model/dsse.ts";
import { type JsonObject, parseJson } from "../../lib/json/parse.ts";
import {
  formatSignedFile,
  type SignedFile,
} from "../../lib/model/signed_file.ts";
import { keyidsOf } from "../../lib/crypto/keyid.ts";
import { intoto, python, reference, tempDir } from "../_helpers.ts";
import {
  ALICE,
  BOB,
  CARL,
  chain,
  edited,
  exists,
  fails,
  OWNER,
  passes,
  referenceVerify,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** A layout with one step "build" by ALICE, signed by the owner. */
function buildLayout(products: string[][] = []) {
  return sign(
    layoutJson([{ name: "build", keys: [ALICE], products }]),
    [OWNER],
  );
}

/** A DSSE link of step "build" by ALICE, as envelope JSON. */
async function dsseBuildLink(): Promise<Record<string, unknown>> {
  return JSON.parse(
    formatSignedFile(await sign(linkJson("build"), [ALICE], "dsse")),
  );
}

// 1. Signatures and keys

Deno.test("S1 T2 intoto verify rejects a layout listing one key under a second keyid; in-toto-verify passes threshold 2 with it", async () => {
  // One key as "<its keyid>" and as "ffff...", threshold 2, and the second
  // link file a copy with the signature's keyid relabelled.
  const fake = "f".repeat(64);
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  (layout.keys as JsonObject)[fake] = { ...ALICE.publicKey, keyid: fake };
  const step = (layout.steps as JsonObject[])[0]!;
  step.pubkeys = [ALICE.publicKey.keyid, fake];
  step.threshold = 2;
  const link = await sign(linkJson("build"), [ALICE]);
  const directory = await chain({
    "root.layout": await sign(layout, [OWNER]),
    [linkFile("build", ALICE)]: link,
    "build.ffffffff.link": {
      ...link,
      signatures: [{ keyid: fake, sig: link.signatures[0]!.sig }],
    },
  });
  passes(await referenceVerify(directory), "in-toto-verify 1.3.1");
  fails(
    await verify(directory),
    2,
    /at keys\.f{64} at keyid: "f{64}" is not the hash of the key/,
  );
});

Deno.test("S1 T2 intoto verify rejects one key listed under both its legacy and modern keyids", async () => {
  // Both keyids are honest hashes of the same key, in the two flavours.
  const modern = keyidsOf(ALICE.publicKey).modern;
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const { keyid_hash_algorithms: _, ...bare } = ALICE.publicKey;
  (layout.keys as JsonObject)[modern] = { ...bare, keyid: modern };
  const step = (layout.steps as JsonObject[])[0]!;
  step.pubkeys = [ALICE.publicKey.keyid, modern];
  step.threshold = 2;
  const link = await sign(linkJson("build"), [ALICE]);
  const directory = await chain({
    "root.layout": await sign(layout, [OWNER]),
    [linkFile("build", ALICE)]: link,
    [`build.${modern.slice(0, 8)}.link`]: link,
  });
  fails(
    await verify(directory),
    2,
    /the same public key is also listed as "[0-9a-f]{64}"; list each key once/,
  );
});

Deno.test("S2 intoto verify fails a DSSE link whose payloadType changed or whose signature covers the raw payload", async () => {
  const layout = await buildLayout();
  const envelope = await dsseBuildLink();
  passes(
    await verify(
      await chain({
        "root.layout": layout,
        [linkFile("build", ALICE)]: JSON.stringify(envelope),
      }),
    ),
    "the untouched envelope",
  );
  for (
    const type of ["application/vnd.in-toto+jsonx", "application/json"]
  ) {
    fails(
      await verify(
        await chain({
          "root.layout": layout,
          [linkFile("build", ALICE)]: JSON.stringify({
            ...envelope,
            payloadType: type,
          }),
        }),
      ),
      2,
      /payloadType must be "application\/vnd\.in-toto\+json"/,
      type,
    );
  }
  const payload = Uint8Array.from(
    atob(envelope.payload as string),
    (char) => char.charCodeAt(0),
  );
  const overRaw = await ALICE.signer.sign(payload);
  fails(
    await verify(
      await chain({
        "root.layout": layout,
        [linkFile("build", ALICE)]: JSON.stringify({
          ...envelope,
          signatures: [{
            keyid: ALICE.publicKey.keyid,
            sig: toBase64(overRaw),
          }],
        }),
      }),
    ),
    1,
    /"build\.[0-9a-f]{8}\.link" rejected: no signature on it verifies/,
  );
});

Deno.test("S3 intoto verify takes the keyid as a hint: empty is fine, a relabelled signature counts only for its real key", async () => {
  const envelope = await dsseBuildLink();
  const [signature] = envelope.signatures as { keyid: string; sig: string }[];
  passes(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: JSON.stringify({
          ...envelope,
          signatures: [{ keyid: "", sig: signature!.sig }],
        }),
      }),
    ),
    "empty keyid",
  );
  // ALICE's signature labelled as BOB's, in BOB's link file: not BOB's vote.
  const relabelled = JSON.stringify({
    ...envelope,
    signatures: [{ keyid: BOB.publicKey.keyid, sig: signature!.sig }],
  });
  fails(
    await verify(
      await chain({
        "root.layout": await sign(
          layoutJson([{ name: "build", keys: [ALICE, BOB], threshold: 2 }]),
          [OWNER],
        ),
        [linkFile("build", ALICE)]: JSON.stringify(envelope),
        [linkFile("build", BOB)]: relabelled,
      }),
    ),
    1,
    /threshold 2 not met: found 1 /,
  );
});

Deno.test("S4 intoto verify never counts a re-encoded or malleated signature as a second one", async () => {
  const layout = await sign(
    layoutJson([{ name: "build", keys: [ALICE, BOB], threshold: 2 }]),
    [OWNER],
  );
  const link = await sign(linkJson("build"), [ALICE]);
  const text = JSON.parse(formatSignedFile(link));
  const hex: string = text.signatures[0].sig;
  // Upper-case hex verifies, as in the reference, but it is the same key.
  const upper = JSON.stringify({
    ...text,
    signatures: [text.signatures[0], {
      keyid: BOB.publicKey.keyid,
      sig: hex.toUpperCase(),
    }],
  });
  fails(
    await verify(
      await chain({
        "root.layout": layout,
        [linkFile("build", ALICE)]: upper,
        [linkFile("build", BOB)]: upper,
      }),
    ),
    1,
    /threshold 2 not met: found 1 /,
  );
  // Ed25519 with S + L: the same signature in another encoding; refused.
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const bytes = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(bytes[i]!);
  let value = s + L;
  for (let i = 32; i < 64; i++) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  const malleated = Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("");
  fails(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: JSON.stringify({
          ...text,
          signatures: [{ keyid: ALICE.publicKey.keyid, sig: malleated }],
        }),
      }),
    ),
    1,
    /no signature on it verifies/,
  );
  // DSSE base64 with whitespace is not base64.
  const envelope = await dsseBuildLink();
  const [signature] = envelope.signatures as { keyid: string; sig: string }[];
  fails(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: JSON.stringify({
          ...envelope,
          signatures: [{ keyid: "", sig: ` ${signature!.sig}` }],
        }),
      }),
    ),
    2,
    /at signatures\[0\]\.sig: not valid base64/,
  );
});

Deno.test("S5 intoto verify refuses 1024-bit RSA keys; in-toto-verify passes a chain signed with them", async () => {
  const directory = await tempDir();
  for (const name of ["owner", "func"]) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 1024,
    });
    await Deno.writeTextFile(
      join(directory, name),
      privateKey.export({ format: "pem", type: "pkcs1" }).toString(),
    );
    await Deno.writeTextFile(
      join(directory, `${name}.pub`),
      publicKey.export({ format: "pem", type: "spki" }).toString(),
    );
  }
  const made = await python(
    `
import json
from securesystemslib import interface
f = interface.import_rsa_publickey_from_file("func.pub")
step = {"_type": "step", "name": "build", "threshold": 1, "pubkeys": [f["keyid"]],
        "expected_command": [], "expected_materials": [], "expected_products": []}
layout = {"_type": "layout", "expires": "2099-01-01T00:00:00Z", "readme": "",
          "keys": {f["keyid"]: f}, "steps": [step], "inspect": []}
json.dump({"signed": layout, "signatures": []}, open("layout.template", "w"))
`,
    { cwd: directory },
  );
  passes(made, "layout template");
  const run = (tool: string, args: string[]) =>
    reference(tool, args, { cwd: directory });
  passes(
    await run("in-toto-sign", [
      "-f",
      "layout.template",
      "-k",
      "owner",
      "-o",
      "root.layout",
    ]),
  );
  passes(await run("in-toto-run", ["-n", "build", "-k", "func", "-x"]));
  passes(
    await run("in-toto-verify", ["-l", "root.layout", "-k", "owner.pub"]),
    "in-toto-verify 1.3.1 accepts 1024-bit RSA",
  );
  fails(
    await intoto(["verify", "-l", "root.layout", "-k", "owner.pub"], {
      cwd: directory,
    }),
    2,
    /Cannot load key "owner\.pub": RSA key of 1024 bits is too small: at least 2048 bits are required/,
  );
});

Deno.test("S6 intoto verify requires every given layout key to have signed, and at least one key", async () => {
  const directory = await chain({
    "root.layout": await buildLayout(),
    [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
  });
  passes(await verify(directory));
  const { writePublicKeyFile } = await import("../_verify_fixtures.ts");
  await writePublicKeyFile(join(directory, "carl.pub"), CARL);
  fails(
    await intoto([
      "verify",
      "-l",
      "root.layout",
      "-k",
      "owner.pub",
      "carl.pub",
      "-t",
      "ed25519",
      "ed25519",
    ], { cwd: directory }),
    1,
    new RegExp(
      `no signature on it verifies with key "${CARL.publicKey.keyid}"`,
    ),
  );
  fails(
    await intoto(["verify", "-l", "root.layout"], { cwd: directory }),
    2,
    /--layout-keys|--verification-keys/,
  );
});

Deno.test("S7 intoto verify fails a link with a field added after signing; in-toto-verify passes it", async () => {
  const link = await sign(linkJson("build", { products: { a: "1" } }), [
    ALICE,
  ]);
  const evil = `"Products": {"evil": {"sha256": "${"0".repeat(64)}"}}, `;
  for (const addition of [evil, '"extra": 1, ']) {
    const directory = await chain({
      "root.layout": await buildLayout([["ALLOW", "a"], ["DISALLOW", "*"]]),
      [linkFile("build", ALICE)]: edited(
        link,
        '"products": {',
        `${addition}"products": {`,
      ),
    });
    passes(await referenceVerify(directory), `in-toto-verify, ${addition}`);
    fails(
      await verify(directory),
      1,
      /"build\.[0-9a-f]{8}\.link" rejected: no signature on it verifies/,
      addition,
    );
  }
});

Deno.test("S7 P4 intoto verify runs the signed run, never a case variant Run, and warns about it", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }], {
    inspections: [{ name: "check", run: ["true"] }],
  });
  (layout.inspect as JsonObject[])[0]!.Run = ["touch", "pwned"];
  const directory = await chain({
    "root.layout": await sign(layout, [OWNER]),
    [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
  });
  const result = await verify(directory);
  passes(result);
  assert.match(
    result.stderr,
    /^warning: .*at inspect\[0\] has fields the spec does not define .*"Run"/m,
  );
  assert.equal(await exists(join(directory, "pwned")), false);
  delete (layout.inspect as JsonObject[])[0]!.run;
  fails(
    await verify(
      await chain({
        "root.layout": await sign(layout, [OWNER]),
        [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
      }),
    ),
    2,
    /at inspect\[0\]\.run: the field is missing/,
  );
});

Deno.test("S8 a GPG key in a layout vouches for no other signature, and --gpg needs its keyring", async () => {
  const gpgKeyid = "8465a1e2e0fb2b40adb2478e18fb3f537e0c8a17";
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  (layout.keys as JsonObject)[gpgKeyid] = {
    keyid: gpgKeyid,
    type: "rsa",
    method: "pgp+rsa-pkcsv1.5",
    hashes: ["pgp+SHA2"],
    keyval: { public: { e: "010001", n: "ab".repeat(256) }, private: "" },
  };
  (layout.steps as JsonObject[])[0]!.pubkeys = [
    ALICE.publicKey.keyid,
    gpgKeyid,
  ];
  const directory = await chain({
    "root.layout": await sign(layout, [OWNER]),
    [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
  });
  passes(await verify(directory));
  // Alice's link relabelled as signed by the GPG key: not counted for it.
  const link = linkFile("build", ALICE);
  await Deno.copyFile(
    join(directory, link),
    join(directory, `build.${gpgKeyid.slice(0, 8)}.link`),
  );
  (layout.steps as JsonObject[])[0]!.threshold = 2;
  await Deno.writeTextFile(
    join(directory, "root.layout"),
    formatSignedFile(await sign(layout, [OWNER])),
  );
  fails(await verify(directory), 1, /threshold 2 not met/);
  fails(
    await intoto([
      "verify",
      "-l",
      "root.layout",
      "--gpg",
      gpgKeyid,
      "--gpg-home",
      directory,
    ], { cwd: directory }),
    2,
    /No GPG keyring in/,
  );
});

// 2. Thresholds

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

/** A Statement v1 with the link predicate for `name`. */
function linkStatement(
  name: string,
  subject: JsonObject[] = [{ name: "a", digest: { sha256: "0".repeat(64) } }],
  materials: JsonObject[] = [],
): JsonObject {
  return {
    _type: "https://in-toto.io/Statement/v1",
    subject,
    predicateType: "https://in-toto.io/attestation/link/v0.3",
    predicate: { name, command: [], materials, byproducts: {} },
  };
}

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

// 3. Artifact rules

Deno.test("A1 A6 intoto verify rejects unclean artifact names that slip past DISALLOW in in-toto-verify", async () => {
  const layout = await buildLayout([
    ["DISALLOW", "secret.key"],
    ["DISALLOW", "etc/passwd"],
    ["DISALLOW", "a/b"],
  ]);
  const names: [string, boolean][] = [
    ["./secret.key", true],
    ["x/../secret.key", true],
    ["/etc/passwd", true],
    ["a//b", true],
    ["a\\b", false],
    ["secret.key/", false],
    ["a/./b", false],
    ["../secret.key", false],
    ["a\u0000b", false],
  ];
  for (const [name, showReference] of names) {
    const directory = await chain({
      "root.layout": layout,
      [linkFile("build", ALICE)]: await sign(
        linkJson("build", { products: { [name]: "x" } }),
        [ALICE],
      ),
    });
    if (showReference) {
      passes(await referenceVerify(directory), `in-toto-verify, ${name}`);
    }
    fails(
      await verify(directory),
      2,
      /Step "build" products: artifact name .* is not a clean relative path/,
      name,
    );
  }
});

Deno.test("A2 intoto verify: DISALLOW *.key catches sub/a.key, [abc is literal, FOO is not foo", async () => {
  const cases: [string, string, boolean][] = [
    ["*.key", "sub/a.key", false],
    ["[abc", "[abc", false],
    ["FOO", "foo", true],
  ];
  for (const [pattern, name, ok] of cases) {
    const directory = await chain({
      "root.layout": await buildLayout([["DISALLOW", pattern]]),
      [linkFile("build", ALICE)]: await sign(
        linkJson("build", { products: { [name]: "x" } }),
        [ALICE],
      ),
    });
    const result = await verify(directory);
    if (ok) passes(result, pattern);
    else fails(result, 1, /rule "DISALLOW .*" failed/, pattern);
  }
});

Deno.test("A4 intoto verify rejects empty digest sets that in-toto-verify matches, and partial sets never match", async () => {
  const layout = await sign(
    layoutJson([{ name: "fetch", keys: [BOB] }, {
      name: "build",
      keys: [ALICE],
      materials: [["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"], [
        "DISALLOW",
        "*",
      ]],
    }]),
    [OWNER],
  );
  const pair = async (material: JsonObject, product: JsonObject) =>
    chain({
      "root.layout": layout,
      [linkFile("build", ALICE)]: await sign(
        linkJson("build", { materials: { a: material } }),
        [ALICE],
      ),
      [linkFile("fetch", BOB)]: await sign(
        linkJson("fetch", { products: { a: product } }),
        [BOB],
      ),
    });
  const empty = await pair({}, {});
  passes(await referenceVerify(empty), "in-toto-verify matches {} with {}");
  fails(await verify(empty), 2, /at products\.a: the digest set is empty/);
  const both = { sha256: "a".repeat(64), sha512: "b".repeat(128) };
  fails(
    await verify(await pair({ sha512: "b".repeat(128) }, both)),
    1,
    /rule "MATCH a WITH PRODUCTS FROM fetch" failed/,
  );
  passes(await verify(await pair(both, both)));
});

Deno.test({
  // MATCH relies only on a shared collision-resistant algorithm
  // (ACCEPTED_DIGEST_ALGORITHMS, as attest verify does): equal sets of only
  // unknown algorithms, or only md5/sha1, match nothing.
  name:
    "A4 intoto verify: a link attestation digest with only unknown algorithms matches nothing",
  fn: async () => {
    const layout = await sign(
      layoutJson([{ name: "fetch", keys: [BOB] }, {
        name: "build",
        keys: [ALICE],
        materials: [["MATCH", "a", "WITH", "PRODUCTS", "FROM", "fetch"], [
          "DISALLOW",
          "*",
        ]],
      }]),
      [OWNER],
    );
    for (const digest of [{ foo: "abab" }, { md5: "ab".repeat(16) }]) {
      const a = [{ name: "a", digest }];
      const directory = await chain({
        "root.layout": layout,
        [linkFile("fetch", BOB)]: await sign(
          linkStatement("fetch", a),
          [BOB],
          "dsse",
        ),
        [linkFile("build", ALICE)]: await sign(
          linkStatement("build", [{
            name: "x",
            digest: { sha256: "cd".repeat(32) },
          }], a),
          [ALICE],
          "dsse",
        ),
      });
      fails(
        await verify(directory),
        1,
        /rule "MATCH a WITH PRODUCTS FROM fetch" failed/,
        JSON.stringify(digest),
      );
    }
  },
});

Deno.test("P1 S7 the signed bytes read from a metablock equal the canonical form of what is parsed", () => {
  // Metablocks are verified over bytes taken from the file when it is
  // canonical but for whitespace; they must be exactly the canonical JSON
  // of the parsed "signed", or a signature would cover other data.
  const documents = [
    '{"signed": {"a": "\\u0041\\/\\"\\\\\\n\\u00e9\\ud83d\\ude00", "b": [1, -2, true, null]}}',
    '{"signatures": [], "signed": {"k": [{"b": 1, "c": 2}, {"a": {}}], "z": ""}}',
    '{"signed": {"pro\\u0064ucts": 1, "products": 2}}',
    '{"signed": {"b": 1, "a": 2}}',
    '{"signed": {"\\uff01": 1, "\\ud83d\\ude00": 2}}',
    '{"signed": {"a": 1}, "signed": {"a": 2}}',
    '{"signed":{"a":"\\u0000\\u001f\\u2028"},"x":{"b":1,"b":2}}',
    '{"signed": {"a": "\\u0000\\u001f\\u2028", "b": "\\t"}}',
    '{"signed": {"a": -0}}',
    '{"signed": {"a": "x"}, "signatures": [{"sig": "-0"}]}',
  ];
  for (const document of documents) {
    const bytes = encoder.encode(document);
    let parsed: JsonObject;
    try {
      parsed = parseJson(bytes) as JsonObject;
    } catch {
      continue;
    }
    const fromFile = canonicalMember(bytes, "signed");
    if (fromFile !== undefined) {
      assert.deepEqual(fromFile, canonicalBytes(parsed.signed!), document);
    }
  }
});

Deno.test("A8 intoto verify rejects lower-case keywords, wrong token counts and duplicate step names", async () => {
  const link = await sign(linkJson("build", { products: { a: "1" } }), [
    ALICE,
  ]);
  const rules: [string[], RegExp][] = [
    [["disallow", "*"], /write the keyword in upper case, "DISALLOW"/],
    [["DISALLOW", "*", "extra"], /DISALLOW takes exactly one pattern/],
    [["MATCH", "a", "WITH", "PRODUCTS"], /cannot parse rule "MATCH a WITH/],
  ];
  for (const [rule, pattern] of rules) {
    fails(
      await verify(
        await chain({
          "root.layout": await buildLayout([rule]),
          [linkFile("build", ALICE)]: link,
        }),
      ),
      2,
      pattern,
      rule.join(" "),
    );
  }
  fails(
    await verify(
      await chain({
        "root.layout": await sign(
          layoutJson([{ name: "build", keys: [ALICE] }, {
            name: "build",
            keys: [BOB],
          }]),
          [OWNER],
        ),
      }),
    ),
    2,
    /at steps\[1\]\.name: "build" is already the name of another step/,
  );
});

// 4. Paths and filesystem

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

// 5. Parsing and canonicalisation

Deno.test("P1 P3 intoto verify checks in-toto-run's signature over newlines, a literal backslash-n and non-ASCII streams", async () => {
  const directory = await tempDir();
  const key = join(directory, "func");
  passes(
    await reference("in-toto-keygen", ["-t", "ed25519", key], {
      cwd: directory,
    }),
  );
  passes(
    await reference("in-toto-run", [
      "-n",
      "build",
      "-k",
      key,
      "-t",
      "ed25519",
      "-s",
      "--",
      "printf",
      "line\\nback\\\\nslash \\342\\200\\250 \\357\\274\\201 \\360\\237\\230\\200 \\001",
    ], { cwd: directory }),
  );
  const [linkName] = (await Array.fromAsync(Deno.readDir(directory)))
    .map((entry) => entry.name).filter((name) => name.endsWith(".link"));
  const text = await Deno.readTextFile(join(directory, linkName!));
  assert.match(text, /line\\nback\\\\nslash \\u2028/);
  const layout = await python(
    `
import json
from securesystemslib import interface
f = interface.import_ed25519_publickey_from_file("func.pub")
step = {"_type": "step", "name": "build", "threshold": 1, "pubkeys": [f["keyid"]],
        "expected_command": [], "expected_materials": [], "expected_products": []}
print(json.dumps({"_type": "layout", "expires": "2099-01-01T00:00:00Z",
      "readme": "", "keys": {f["keyid"]: f}, "steps": [step], "inspect": []}))
`,
    { cwd: directory },
  );
  passes(layout);
  const { writeFiles, writePublicKeyFile } = await import(
    "../_verify_fixtures.ts"
  );
  await writeFiles(directory, {
    "root.layout": await sign(JSON.parse(layout.stdout), [OWNER]),
  });
  await writePublicKeyFile(join(directory, "owner.pub"), OWNER);
  passes(await verify(directory), "the reference's link verifies");
  // in-toto-rs turns "\\n" into "\n" before verifying: the bytes differ.
  await Deno.writeTextFile(
    join(directory, linkName!),
    text.replace("back\\\\nslash", "back\\nslash"),
  );
  fails(await verify(directory), 1, /no signature on it verifies/);
});

Deno.test("P3 intoto verify rejects lone surrogates in a link", async () => {
  const link = await sign(linkJson("build"), [ALICE]);
  fails(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: edited(
          link,
          '"name": "build"',
          '"name": "build", "x": "\\ud800"',
        ),
      }),
    ),
    2,
    /Cannot parse "build\.[0-9a-f]{8}\.link" at signed\.x: .*surrogate/,
  );
});

Deno.test("P4 intoto verify rejects duplicate keys that in-toto-verify resolves to the last", async () => {
  const link = await sign(linkJson("build", { products: { good: "g" } }), [
    ALICE,
  ]);
  const evil = `{"evil": {"sha256": "${"0".repeat(64)}"}}`;
  for (const duplicate of ["products", "pro\\u0064ucts"]) {
    const directory = await chain({
      "root.layout": await buildLayout([["DISALLOW", "evil"]]),
      [linkFile("build", ALICE)]: edited(
        link,
        '"products": {',
        `"${duplicate}": ${evil}, "products": {`,
      ),
    });
    passes(await referenceVerify(directory), `in-toto-verify, ${duplicate}`);
    fails(
      await verify(directory),
      2,
      /at signed: duplicate key "products"/,
      duplicate,
    );
  }
});

Deno.test("P4 intoto verify keeps __proto__ and constructor as artifact names", async () => {
  for (const name of ["__proto__", "constructor", "toString"]) {
    const layout = await sign(
      layoutJson([{ name: "fetch", keys: [BOB] }, {
        name: "build",
        keys: [ALICE],
        materials: [["MATCH", name, "WITH", "PRODUCTS", "FROM", "fetch"], [
          "DISALLOW",
          "*",
        ]],
      }]),
      [OWNER],
    );
    const build = await sign(
      linkJson("build", { materials: { [name]: "x" } }),
      [
        ALICE,
      ],
    );
    const files = async (products: Record<string, string>) =>
      chain({
        "root.layout": layout,
        [linkFile("build", ALICE)]: build,
        [linkFile("fetch", BOB)]: await sign(linkJson("fetch", { products }), [
          BOB,
        ]),
      });
    passes(await verify(await files({ [name]: "x" })), name);
    fails(
      await verify(await files({})),
      1,
      new RegExp(`"${name}" is not among the products of fetch`),
      name,
    );
  }
});

Deno.test("P5 intoto verify rejects malformed dates, including a trailing newline that in-toto-verify accepts", async () => {
  const link = await sign(linkJson("build"), [ALICE]);
  const withExpiry = async (expires: string) =>
    chain({
      "root.layout": await sign(
        layoutJson([{ name: "build", keys: [ALICE] }], { expires }),
        [OWNER],
      ),
      [linkFile("build", ALICE)]: link,
    });
  const newline = await withExpiry("2099-01-01T00:00:00Z\n");
  passes(await referenceVerify(newline), "in-toto-verify, trailing newline");
  fails(await verify(newline), 2, /at expires: expected a UTC date/);
  for (
    const expires of [
      "2023-02-30T00:00:00Z",
      "2099-01-01T00:00:00+00:00",
      "2099-01-01T00:00:00z",
      "2099-01-01t00:00:00Z",
      "2099-01-01T00:00:00.5Z",
      "2099-01-01T24:00:00Z",
      "+002099-01-01T00:00:00Z",
      "garbage",
      "",
    ]
  ) {
    fails(
      await verify(await withExpiry(expires)),
      2,
      /at expires: /,
      expires,
    );
  }
  fails(
    await verify(await withExpiry("2020-01-01T00:00:00Z")),
    1,
    /Layout "root\.layout" expired on 2020-01-01T00:00:00Z/,
  );
});

Deno.test("P6 intoto verify fails a validly signed DSSE link whose payload is not JSON", async () => {
  const payload = encoder.encode("not json");
  const signature = await ALICE.signer.sign(
    pae("application/vnd.in-toto+json", payload),
  );
  fails(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: JSON.stringify({
          payloadType: "application/vnd.in-toto+json",
          payload: toBase64(payload),
          signatures: [{ keyid: "", sig: toBase64(signature) }],
        }),
      }),
    ),
    2,
    /the payload is not valid JSON/,
  );
});

// 6. Resource exhaustion

Deno.test("R1 intoto verify: hostile globs against long names finish at once", async () => {
  const directory = await chain({
    "root.layout": await buildLayout([
      ["DISALLOW", "*a*a*a*a*a*a*a*a*a*a*b"],
      ["DISALLOW", "[[[[[[*"],
      ["ALLOW", "*"],
    ]),
    [linkFile("build", ALICE)]: await sign(
      linkJson("build", {
        products: { ["a".repeat(10_000)]: "1", ["a".repeat(50_000)]: "2" },
      }),
      [ALICE],
    ),
  });
  const started = performance.now();
  passes(await verify(directory));
  assert.ok(performance.now() - started < 5000);
});

Deno.test("R2 intoto verify refuses 10^5 signatures before verifying any", async () => {
  const link = JSON.parse(
    formatSignedFile(await sign(linkJson("build"), [ALICE])),
  );
  const envelope = await dsseBuildLink();
  for (
    const [text, format] of [
      [
        JSON.stringify({
          ...link,
          signatures: Array(100_000).fill(link.signatures[0]),
        }),
        "metablock",
      ],
      [
        JSON.stringify({
          ...envelope,
          signatures: Array(100_000).fill(
            (envelope.signatures as unknown[])[0],
          ),
        }),
        "dsse",
      ],
    ]
  ) {
    const started = performance.now();
    fails(
      await verify(
        await chain({
          "root.layout": await buildLayout(),
          [linkFile("build", ALICE)]: text!,
        }),
      ),
      2,
      /it has 100000 signatures, more than the limit of 256/,
      format,
    );
    assert.ok(performance.now() - started < 5000);
  }
});

Deno.test("R4 intoto verify: wrong JSON types give one clean error line", async () => {
  const bad: JsonObject[] = [
    { materials: [] },
    { products: { a: "x" } },
    { command: "make" },
    { byproducts: [] },
    { name: 1 },
    { environment: null },
  ];
  for (const override of bad) {
    fails(
      await verify(
        await chain({
          "root.layout": await buildLayout(),
          [linkFile("build", ALICE)]: await sign(
            linkJson("build", { override }),
            [ALICE],
          ),
        }),
      ),
      2,
      /Invalid link "build\.[0-9a-f]{8}\.link" at /,
      JSON.stringify(override),
    );
  }
  for (
    const override of [
      { steps: {} },
      { keys: [] },
      { inspect: "x" },
      { expires: 1 },
      { steps: [{ _type: "step", name: "x", threshold: "1" }] },
    ]
  ) {
    fails(
      await verify(
        await chain({
          "root.layout": await sign(layoutJson([], { override }), [OWNER]),
        }),
      ),
      2,
      /Invalid layout "root\.layout"/,
      JSON.stringify(override),
    );
  }
});

// 7. Process execution

Deno.test("X1 intoto verify does not run a functionary's sublayout inspection by default; in-toto-verify runs it", async () => {
  const sublayout = await sign(
    layoutJson([{ name: "compile", keys: [CARL] }], {
      inspections: [{ name: "evil", run: ["touch", "pwned"] }],
    }),
    [ALICE],
  );
  const directory = await chain({
    "root.layout": await buildLayout(),
    [linkFile("build", ALICE)]: sublayout,
    [`build.${ALICE.prefix}/${linkFile("compile", CARL)}`]: await sign(
      linkJson("compile"),
      [CARL],
    ),
  });
  fails(
    await verify(directory),
    1,
    /has inspection "evil", whose command a functionary chose: it does not run unless sublayout inspections are allowed \(--allow-sublayout-inspections\)/,
  );
  assert.equal(await exists(join(directory, "pwned")), false);
  passes(await verify(directory, ["--allow-sublayout-inspections"]));
  assert.equal(await exists(join(directory, "pwned")), true);
  await Deno.remove(join(directory, "pwned"));
  passes(await referenceVerify(directory), "in-toto-verify runs it");
  assert.equal(await exists(join(directory, "pwned")), true);
});

Deno.test("X2 intoto verify runs inspections without a shell", async () => {
  const directory = await chain({
    "root.layout": await sign(
      layoutJson([{ name: "build", keys: [ALICE] }], {
        inspections: [{
          name: "echo",
          run: [
            "echo",
            "$(touch pwned1)",
            "`touch pwned2`",
            ";",
            "touch",
            "p3",
          ],
        }],
      }),
      [OWNER],
    ),
    [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
  });
  const before = (await Array.fromAsync(Deno.readDir(directory))).length;
  passes(await verify(directory));
  assert.equal((await Array.fromAsync(Deno.readDir(directory))).length, before);
});

Deno.test("X3 intoto verify runs no inspection before every step check passed", async () => {
  const inspections = [{ name: "flag", run: ["touch", "flag"] }];
  const link = await sign(linkJson("build"), [ALICE]);
  const variants = [
    // A failing step rule.
    {
      layout: layoutJson([{
        name: "build",
        keys: [ALICE],
        products: [["REQUIRE", "missing"]],
      }], { inspections }),
      links: true,
      pattern: /rule "REQUIRE missing" failed/,
    },
    // A missing link.
    {
      layout: layoutJson([{ name: "build", keys: [ALICE] }], { inspections }),
      links: false,
      pattern: /threshold 1 not met/,
    },
    // An expired layout.
    {
      layout: layoutJson([{ name: "build", keys: [ALICE] }], {
        inspections,
        expires: "2020-01-01T00:00:00Z",
      }),
      links: true,
      pattern: /expired/,
    },
  ];
  for (const { layout, links, pattern } of variants) {
    const directory = await chain({
      "root.layout": await sign(layout, [OWNER]),
      ...(links ? { [linkFile("build", ALICE)]: link } : {}),
    });
    fails(await verify(directory), 1, pattern);
    assert.equal(await exists(join(directory, "flag")), false);
  }
});

Deno.test("X4 intoto verify substitutes a parameter as one token and fails on a missing one", async () => {
  const directory = await chain({
    "root.layout": await sign(
      layoutJson([{
        name: "build",
        keys: [ALICE],
        products: [["DISALLOW", "{x}"]],
      }], { inspections: [{ name: "echo", run: ["echo", "{cmd}"] }] }),
      [OWNER],
    ),
    [linkFile("build", ALICE)]: await sign(
      linkJson("build", { products: { a: "1" } }),
      [ALICE],
    ),
  });
  fails(
    await verify(directory),
    2,
    /rule "DISALLOW \{x\}": no value for "\{x\}": give parameter "x" a value \(--param x=VALUE\)/,
  );
  // A value that looks like more tokens stays one pattern, matching nothing.
  passes(
    await verify(directory, [
      "--param",
      "x=a WITH PRODUCTS FROM y",
      "--param",
      "cmd=$(touch pwned)",
    ]),
  );
  assert.equal(await exists(join(directory, "pwned")), false);
  fails(
    await verify(directory, ["--param", "x=*", "--param", "cmd=hi"]),
    1,
    /rule "DISALLOW \*" failed: artifact "a"/,
  );
  fails(
    await verify(directory, ["--param", "x!r=*", "--param", "cmd=hi"]),
    2,
    /names may only contain letters, digits/,
  );
});

Deno.test("X5 intoto verify fails on an inspection that exits non-zero, is killed or cannot start", async () => {
  const link = await sign(linkJson("build"), [ALICE]);
  const runs: [string[], RegExp][] = [
    [["false"], /Inspection "check" failed: "false" exited with 1/],
    [["sh", "-c", "kill -9 $$"], /Inspection "check" failed: .* exited with/],
    [["no-such-program-xyz"], /Inspection "check" failed: .*not found/],
  ];
  for (const [run, pattern] of runs) {
    fails(
      await verify(
        await chain({
          "root.layout": await sign(
            layoutJson([{ name: "build", keys: [ALICE] }], {
              inspections: [{ name: "check", run }],
            }),
            [OWNER],
          ),
          [linkFile("build", ALICE)]: link,
        }),
      ),
      1,
      pattern,
      run.join(" "),
    );
  }
  // A step's own return value is a byproduct: not judged.
  passes(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: await sign(
          linkJson("build", { returnValue: 3 }),
          [ALICE],
        ),
      }),
    ),
  );
});
