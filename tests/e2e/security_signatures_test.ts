// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue's signatures and keys (S) against `intoto verify`,
 * end to end: crafted files in a folder, the real CLI, one clean `error:`
 * line and the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { type JsonObject } from "../../lib/json/parse.ts";
import { formatSignedFile } from "../../lib/model/signed_file.ts";
import { keyidsOf } from "../../lib/crypto/keyid.ts";
import { intoto, python, reference, tempDir } from "../_helpers.ts";
import {
  ALICE,
  BOB,
  buildLayout,
  CARL,
  chain,
  dsseBuildLink,
  edited,
  exists,
  fails,
  OWNER,
  passes,
  referenceVerify,
  toBase64,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";

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
