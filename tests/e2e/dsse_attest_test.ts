// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Link attestations through the CLI: `intoto run --attest` and
 * `intoto record start|stop --attest` write a Statement v1 with the link
 * predicate in DSSE, and `intoto verify` takes it for its step next to
 * plain links; tampered, misnamed (T5) and other-predicate (T6, P7)
 * attestations fail.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto } from "../_helpers.ts";
import {
  assertFails,
  assertOk,
  copyDir,
  DEMO_FILES,
  demoDir,
  envelopePayload,
  signAs,
  signLayout,
  verify,
  withPayload,
  writeDemoTemplate,
} from "../_dsse_fixtures.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import type { SignedFileFormat } from "../../lib/model/signed_file.ts";

const BOB = ["-k", "bob"];
const CARL = ["-k", "carl"];
const WRITE_CODE = "write-code.776a00e2.link";
const PACKAGE = "package.2f89b927.link";
const STATEMENT = "https://in-toto.io/Statement/v1";
const LINK_PREDICATE = "https://in-toto.io/attestation/link/v0.3";

async function run(dir: string, args: string[]): Promise<void> {
  assertOk(await intoto(args, { cwd: dir }));
}

/**
 * The demo layout, made strict (a mismatched MATCH no longer falls through
 * to the implicit ALLOW, attack catalogue A3), signed by alice; the keys
 * and foo.py to record.
 */
async function layoutDir(): Promise<string> {
  const dir = await demoDir("alice", "alice.pub", "bob", "carl");
  await writeDemoTemplate(
    dir,
    `
layout["steps"][1]["expected_materials"].append(["DISALLOW", "*"])
layout["inspect"][0]["expected_materials"].append(["DISALLOW", "foo.tar.gz"])
layout["inspect"][0]["expected_products"].append(["DISALLOW", "foo.py"])
`,
  );
  await signLayout(dir);
  await Deno.writeTextFile(join(dir, "foo.py"), "print('hello')\n");
  return dir;
}

/** write-code recorded with `run --attest`, package as a plain link. */
async function attestedChain(): Promise<string> {
  const dir = await layoutDir();
  await run(dir, [
    "run",
    "-n",
    "write-code",
    ...BOB,
    "--attest",
    "-p",
    "foo.py",
    "-x",
  ]);
  await run(dir, [
    "run",
    "-n",
    "package",
    ...CARL,
    "-m",
    "foo.py",
    "-p",
    "foo.tar.gz",
    "--",
    "tar",
    "zcvf",
    "foo.tar.gz",
    "foo.py",
  ]);
  return dir;
}

let built: Promise<string> | undefined;

/** The attested chain, built once by the first test that needs it. */
function chain(): Promise<string> {
  return built ??= attestedChain();
}

Deno.test("intoto run --attest writes a link attestation that intoto verify takes for its step", async () => {
  const dir = await chain();
  const text = await Deno.readTextFile(join(dir, WRITE_CODE));
  const envelope = JSON.parse(text);
  assert.equal(envelope.payloadType, "application/vnd.in-toto+json");
  assert.equal(envelope.signatures.length, 1);
  assert.equal(
    envelope.signatures[0].keyid,
    "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5",
  );
  const statement = envelopePayload(text);
  assert.equal(statement._type, STATEMENT);
  assert.equal(statement.predicateType, LINK_PREDICATE);
  assert.deepEqual(statement.subject, [{
    name: "foo.py",
    digest: {
      sha256: new Uint8Array(
        await crypto.subtle.digest(
          "SHA-256",
          await Deno.readFile(join(dir, "foo.py")),
        ),
      ).toHex(),
    },
  }]);
  assert.deepEqual(statement.predicate, {
    name: "write-code",
    command: [],
    materials: [],
    byproducts: {},
    environment: {},
  });
  // The package link stays a traditional link.
  assert.ok(
    "signed" in JSON.parse(await Deno.readTextFile(join(dir, PACKAGE))),
  );
  const result = await verify(await copyDir(dir), ["--report", "json"]);
  assertOk(result);
  const report = JSON.parse(result.stdout);
  const kinds = report.steps.map((step: { links: { kind: string }[] }) =>
    step.links.map((link) => link.kind)
  );
  assert.deepEqual(kinds.flat().sort(), ["attestation", "link"]);
});

Deno.test("intoto record start --attest carries to stop, and stop --attest turns a started link into one", async () => {
  const dir = await layoutDir();
  await run(dir, ["record", "start", "-n", "write-code", ...BOB, "--attest"]);
  const unfinished = envelopePayload(
    await Deno.readTextFile(join(dir, ".write-code.776a00e2.link-unfinished")),
  );
  assert.equal(unfinished._type, STATEMENT);
  assert.deepEqual(unfinished.subject, []);
  await run(dir, [
    "record",
    "stop",
    "-n",
    "write-code",
    ...BOB,
    "-p",
    "foo.py",
  ]);
  await run(dir, ["record", "start", "-n", "package", ...CARL, "-m", "foo.py"]);
  const tar = new Deno.Command("tar", {
    args: ["zcvf", "foo.tar.gz", "foo.py"],
    cwd: dir,
  });
  assert.equal((await tar.output()).code, 0);
  await run(dir, [
    "record",
    "stop",
    "-n",
    "package",
    ...CARL,
    "-p",
    "foo.tar.gz",
    "--attest",
  ]);
  for (const name of [WRITE_CODE, PACKAGE]) {
    const statement = envelopePayload(await Deno.readTextFile(join(dir, name)));
    assert.equal(statement.predicateType, LINK_PREDICATE, name);
  }
  for await (const entry of Deno.readDir(dir)) {
    assert.ok(!entry.name.endsWith("-unfinished"), entry.name);
  }
  assertOk(await verify(dir));
});

Deno.test("intoto match-products takes a link attestation's subjects for its products", async () => {
  const dir = await copyDir(await chain());
  const match = () =>
    intoto(["match-products", "-l", WRITE_CODE, "-p", "foo.py"], { cwd: dir });
  const same = await match();
  assertOk(same);
  assert.match(same.stderr, /Local artifacts match the products/);
  await Deno.writeTextFile(join(dir, "foo.py"), "print('changed')\n");
  const changed = await match();
  assertFails(changed, 1, /do not match the products/);
  assert.equal(changed.stdout, "Hashes differ: foo.py\n");
  // A Statement counts only in a DSSE envelope, here as in verify.
  const statement = envelopePayload(
    await Deno.readTextFile(join(dir, WRITE_CODE)),
  );
  await Deno.writeTextFile(
    join(dir, WRITE_CODE),
    await signAs(statement, "bob", "metablock"),
  );
  assertFails(await match(), 2, /a Statement counts only in a DSSE envelope/);
});

Deno.test("intoto sign re-signs a link attestation as a link, and adds signatures to another attestation", async () => {
  const dir = await copyDir(await chain());
  for (const key of ["bob.pub", "carl", "carl.pub"]) {
    await Deno.copyFile(join(DEMO_FILES, key), join(dir, key));
  }
  const sign = (args: string[]) => intoto(["sign", ...args], { cwd: dir });
  // A link attestation: one key, written under the step's name and its keyid.
  assertOk(await sign(["-f", WRITE_CODE, ...CARL]));
  const bySigner = "write-code.2f89b927.link";
  assertOk(await sign(["-f", bySigner, "-k", "carl.pub", "--verify"]));
  assert.deepEqual(
    envelopePayload(await Deno.readTextFile(join(dir, bySigner))),
    envelopePayload(await Deno.readTextFile(join(dir, WRITE_CODE))),
  );
  assertFails(await sign(["-f", WRITE_CODE, ...CARL, "-a"]), 2, /-a\/--append/);
  assertFails(
    await sign(["-f", WRITE_CODE, "-k", "bob", "carl"]),
    2,
    /a link attestation takes exactly one key/,
  );
  // Any other attestation: signed in place, -a adds a signature.
  const statement = {
    _type: STATEMENT,
    subject: [{ name: "foo.py", digest: { sha256: "ab".repeat(32) } }],
    predicateType: "https://example.com/review/v1",
    predicate: { approved: true },
  };
  const review = join(dir, "review.json");
  await Deno.writeTextFile(review, await signAs(statement, "bob"));
  const attest = (threshold: string) =>
    intoto([
      "attest",
      "verify",
      "-a",
      review,
      "-k",
      "bob.pub",
      "carl.pub",
      "--threshold",
      threshold,
    ], { cwd: dir });
  assertFails(await attest("2"), 1, /1 distinct given key signed it, 2 needed/);
  assertOk(await sign(["-f", "review.json", ...CARL, "-a"]));
  assertOk(await attest("2"));
  assert.equal(
    JSON.parse(await Deno.readTextFile(review)).signatures.length,
    2,
  );
  // Without -a the signatures are replaced.
  assertOk(await sign(["-f", "review.json", ...CARL]));
  assert.equal(
    JSON.parse(await Deno.readTextFile(review)).signatures.length,
    1,
  );
  // A link attestation's name must be safe as a part of a file name (F1).
  const escaping = envelopePayload(
    await Deno.readTextFile(join(dir, WRITE_CODE)),
  );
  (escaping.predicate as JsonObject).name = "../escaped";
  await Deno.writeTextFile(review, await signAs(escaping, "bob"));
  assertFails(
    await sign(["-f", "review.json", ...CARL]),
    2,
    /name: the name "\.\.\/escaped" is not safe as a file name/,
  );
  // A Statement counts only in a DSSE envelope.
  await Deno.writeTextFile(review, await signAs(statement, "bob", "metablock"));
  assertFails(
    await sign(["-f", "review.json", ...CARL]),
    2,
    /a Statement counts only in a DSSE envelope/,
  );
});

Deno.test("intoto run --attest: flags and refusals", async () => {
  const dir = await demoDir("bob");
  const both = await intoto(
    ["run", "-n", "s", ...BOB, "--attest", "--use-dsse", "-x"],
    { cwd: dir },
  );
  assertFails(both, 2, /"--attest" and "--use-dsse" exclude each other/);
  // Refused before the step runs.
  const ran = await intoto(
    ["run", "-n", "s", ...BOB, "--attest", "--use-dsse", "--", "touch", "ran"],
    { cwd: dir },
  );
  assertFails(ran, 2, /"--attest" and "--use-dsse" exclude each other/);
  await assert.rejects(Deno.stat(join(dir, "ran")));
  const empty = await intoto(["run", "-n", "s", ...BOB, "--attest", "-x"], {
    cwd: dir,
  });
  assertFails(
    empty,
    2,
    /no products, and a Statement needs at least one subject/,
  );
  for (const args of [["run", "--help"], ["record", "start", "--help"]]) {
    const help = await intoto(args);
    assert.match(help.stdout, /--attest/);
    assert.match(help.stdout, /--use-dsse/);
  }
  const stop = await intoto(["record", "stop", "--help"]);
  assert.match(stop.stdout, /--attest/);
  assert.doesNotMatch(stop.stdout, /--use-dsse/);
});

/** Bob re-signs the attestation after `edit` changed its Statement. */
function resigned(
  edit: (statement: JsonObject) => void,
  format: SignedFileFormat = "dsse",
): (original: string) => Promise<string> {
  return (original) => {
    const statement = envelopePayload(original);
    edit(statement);
    return signAs(statement, "bob", format);
  };
}

/** The attestation with subject foo.py of `digest`, re-signed by bob. */
function withSubjectDigest(
  digest: JsonObject,
): (original: string) => Promise<string> {
  return resigned((statement) => {
    statement.subject = [{ name: "foo.py", digest }];
  });
}

const RULE_FAILED = /rule "MATCH foo\.py WITH PRODUCTS FROM write-code" failed/;

const TAMPERED: {
  name: string;
  file: (original: string) => Promise<string>;
  code: number;
  message: RegExp;
}[] = [
  {
    name: "payload changed after signing",
    file: (original) => {
      const statement = envelopePayload(original);
      (statement.predicate as JsonObject).command = ["evil"];
      return Promise.resolve(withPayload(original, statement));
    },
    code: 1,
    message: /no signature on it verifies/,
  },
  {
    name: "attestation signed for another step (T5)",
    file: resigned((statement) => {
      (statement.predicate as JsonObject).name = "package";
    }),
    code: 1,
    message: /it is signed for step "package", not "write-code"/,
  },
  {
    name: "SLSA provenance presented as the step's link (T6, P7)",
    file: resigned((statement) => {
      statement.predicateType = "https://slsa.dev/provenance/v1";
    }),
    code: 1,
    message:
      /predicate type "https:\/\/slsa\.dev\/provenance\/v1"; only the link predicate/,
  },
  {
    name: "link Statement in a metablock",
    file: resigned(() => {}, "metablock"),
    code: 1,
    message: /an attestation counts only in a DSSE envelope/,
  },
  {
    name: "validly signed subject with another digest (P7)",
    file: withSubjectDigest({ sha256: "0".repeat(64) }),
    code: 1,
    message: RULE_FAILED,
  },
  {
    name: "subject digest with only an unknown algorithm (A4)",
    file: withSubjectDigest({ gitCommit: "ab".repeat(20) }),
    code: 1,
    message: RULE_FAILED,
  },
  {
    name: "subject with an empty digest set (A4)",
    file: withSubjectDigest({}),
    code: 2,
    message: /a digest set needs at least one digest/,
  },
  {
    name: "Statement with another _type version (P7)",
    file: resigned((statement) => {
      statement._type = "https://in-toto.io/Statement/v0.1";
    }),
    code: 1,
    message: /payload type "https:\/\/in-toto\.io\/Statement\/v0\.1" is not/,
  },
];

for (const variant of TAMPERED) {
  Deno.test(`intoto verify fails for a link attestation with ${variant.name}`, async () => {
    const dir = await copyDir(await chain());
    const path = join(dir, WRITE_CODE);
    await Deno.writeTextFile(
      path,
      await variant.file(await Deno.readTextFile(path)),
    );
    assertFails(await verify(dir), variant.code, variant.message);
  });
}

Deno.test("intoto verify fails when the attested product changed on disk", async () => {
  const dir = await copyDir(await chain());
  await Deno.writeTextFile(join(dir, "foo.py"), "print('evil')\n");
  await Deno.remove(join(dir, "foo.tar.gz"));
  const tar = new Deno.Command("tar", {
    args: ["zcvf", "foo.tar.gz", "foo.py"],
    cwd: dir,
  });
  assert.equal((await tar.output()).code, 0);
  const result = await verify(dir);
  assert.equal(result.code, 1, result.stderr);
});
