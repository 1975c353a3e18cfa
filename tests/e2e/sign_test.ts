// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { demo } from "./_demo.ts";
import {
  FIXTURES,
  intoto,
  python,
  reference,
  type RunResult,
  tempDir,
} from "../_helpers.ts";

const DEMO = "demo_files";

function assertOk(result: RunResult, what = ""): void {
  assert.equal(result.code, 0, `${what}\n${result.stdout}\n${result.stderr}`);
}

/** The demo layout with an expiry far ahead and a plain tar inspection. */
async function writeDemoLayout(dir: string): Promise<string> {
  const template = JSON.parse(
    await Deno.readTextFile(join(FIXTURES, DEMO, "demo.layout.template")),
  );
  template.signed.expires = "2099-01-01T00:00:00Z";
  template.signed.inspect[0].run = ["tar", "xfz", "foo.tar.gz"];
  const path = join(dir, "root.layout");
  await Deno.writeTextFile(path, JSON.stringify(template));
  return path;
}

/**
 * Writes a public key of ours (PEM) as the securesystemslib JSON key file
 * in-toto 1.3.1 wants for ed25519 and ecdsa (`-t ed25519|ecdsa`), converted
 * by python's `cryptography`, not by our code.
 */
async function referencePublicKey(
  type: "ed25519" | "ecdsa",
  pemPath: string,
): Promise<string> {
  const out = `${pemPath}.json`;
  const result = await python(`
import json
from cryptography.hazmat.primitives import serialization
type_, path, out = ${JSON.stringify([type, pemPath, out])}
pem = open(path).read()
if type_ == "ed25519":
    public = serialization.load_pem_public_key(pem.encode()).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    scheme = "ed25519"
else:
    public = pem.strip()
    scheme = "ecdsa-sha2-nistp256"
json.dump({"keytype": type_, "scheme": scheme,
    "keyid_hash_algorithms": ["sha256", "sha512"],
    "keyval": {"public": public}}, open(out, "w"))
`);
  assertOk(result, "convert key");
  return out;
}

Deno.test("intoto sign: a layout we sign with alice passes in-toto-verify 1.3.1", async () => {
  const dir = await tempDir(
    `${DEMO}/alice`,
    `${DEMO}/alice.pub`,
    `${DEMO}/write-code.776a00e2.link`,
    `${DEMO}/package.2f89b927.link`,
    `${DEMO}/foo.tar.gz`,
  );
  await writeDemoLayout(dir);
  assertOk(
    await intoto(["sign", "-f", "root.layout", "-k", "alice"], { cwd: dir }),
  );
  const text = await Deno.readTextFile(join(dir, "root.layout"));
  assert.match(text, /^\{\n "signatures": \[\n {2}\{\n {3}"keyid": "556caebd/);
  assertOk(
    await intoto(["sign", "-f", "root.layout", "-k", "alice.pub", "--verify"], {
      cwd: dir,
    }),
  );
  assertOk(
    await reference(
      "in-toto-verify",
      ["-l", "root.layout", "-k", "alice.pub"],
      {
        cwd: dir,
      },
    ),
    "in-toto-verify",
  );
});

Deno.test("intoto sign -a adds layout signatures that both implementations verify", async () => {
  const dir = await tempDir(
    `${DEMO}/alice`,
    `${DEMO}/alice.pub`,
    `${DEMO}/bob`,
    `${DEMO}/bob.pub`,
    `${DEMO}/carl.pub`,
  );
  await writeDemoLayout(dir);
  assertOk(
    await intoto(["sign", "-f", "root.layout", "-k", "alice"], { cwd: dir }),
  );
  assertOk(
    await intoto([
      "sign",
      "-f",
      "root.layout",
      "-k",
      "bob",
      "-a",
      "-o",
      "two.layout",
    ], {
      cwd: dir,
    }),
  );
  const verifyArgs = [
    "-f",
    "two.layout",
    "-k",
    "alice.pub",
    "bob.pub",
    "--verify",
  ];
  assertOk(await intoto(["sign", ...verifyArgs], { cwd: dir }));
  assertOk(
    await reference("in-toto-sign", verifyArgs, { cwd: dir }),
    "in-toto-sign",
  );
  const notSigned = await intoto(
    ["sign", "-f", "two.layout", "-k", "alice.pub", "carl.pub", "--verify"],
    { cwd: dir },
  );
  assert.equal(notSigned.code, 1, notSigned.stderr);
  assert.match(
    notSigned.stderr,
    /^error: Signature verification failed for key "carl\.pub"/m,
  );
});

Deno.test("intoto sign: each key type's signatures verify with in-toto-sign 1.3.1", async () => {
  const dir = await tempDir(`${DEMO}/write-code.776a00e2.link`);
  const publicKeys: string[] = [];
  for (const type of ["rsa", "ed25519", "ecdsa"] as const) {
    assertOk(
      await intoto(["keygen", "-t", type, type], { cwd: dir }),
      "keygen",
    );
    const id = await intoto(["key", "id", type], { cwd: dir });
    assertOk(id);
    const keyid8 = id.stdout.slice(0, 8);
    // Default output name of a link: <name>.<keyid8>.link in the cwd.
    assertOk(
      await intoto(["sign", "-f", "write-code.776a00e2.link", "-k", type], {
        cwd: dir,
      }),
    );
    const link = `write-code.${keyid8}.link`;
    assertOk(
      await intoto(["sign", "-f", link, "-k", `${type}.pub`, "--verify"], {
        cwd: dir,
      }),
    );
    const pub = type === "rsa"
      ? "rsa.pub"
      : await referencePublicKey(type, join(dir, `${type}.pub`));
    assertOk(
      await reference(
        "in-toto-sign",
        ["-f", link, "-k", pub, "-t", type, "--verify"],
        { cwd: dir },
      ),
      `in-toto-sign ${type}`,
    );
    publicKeys.push(pub);
  }
  await writeDemoLayout(dir);
  assertOk(
    await intoto(
      ["sign", "-f", "root.layout", "-k", "rsa", "ed25519", "ecdsa"],
      {
        cwd: dir,
      },
    ),
  );
  assertOk(
    await reference(
      "in-toto-sign",
      [
        "-f",
        "root.layout",
        "-k",
        ...publicKeys,
        "-t",
        "rsa",
        "ed25519",
        "ecdsa",
        "--verify",
      ],
      { cwd: dir },
    ),
    "in-toto-sign layout",
  );
});

Deno.test("intoto sign --verify checks links in-toto-run 1.3.1 recorded, byte-exact", async () => {
  const dir = await tempDir(`${DEMO}/bob`, `${DEMO}/bob.pub`);
  for (const type of ["ed25519", "ecdsa"]) {
    assertOk(
      await reference("in-toto-keygen", ["-t", type, type], { cwd: dir }),
    );
  }
  // Newlines, a control character and a character above U+FFFF on stdout.
  const command = ["printf", "a\\n\\001\\360\\237\\230\\200\\t\\n"];
  for (
    const [key, type] of [["bob", "rsa"], ["ed25519", "ed25519"], [
      "ecdsa",
      "ecdsa",
    ]]
  ) {
    const name = `s-${type}`;
    assertOk(
      await reference(
        "in-toto-run",
        ["-n", name, "-k", key!, "-t", type!, "-s", "--", ...command],
        { cwd: dir },
      ),
      "in-toto-run",
    );
    const [link] = (await Array.fromAsync(Deno.readDir(dir)))
      .map((entry) => entry.name)
      .filter((file) => file.startsWith(`${name}.`) && file.endsWith(".link"));
    assert.ok(link, `no link for ${name}`);
    const text = await Deno.readTextFile(join(dir, link));
    assert.match(text, /"stdout": "a\\n\\u0001\\ud83d\\ude00\\t\\n"/);
    assertOk(
      await intoto(["sign", "-f", link, "-k", `${key}.pub`, "--verify"], {
        cwd: dir,
      }),
      `verify ${type}`,
    );
    const tampered = `tampered-${link}`;
    await Deno.writeTextFile(
      join(dir, tampered),
      text.replace('"stdout": "a', '"stdout": "b'),
    );
    const result = await intoto([
      "sign",
      "-f",
      tampered,
      "-k",
      `${key}.pub`,
      "--verify",
    ], {
      cwd: dir,
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^error: Signature verification failed/);
    assert.doesNotMatch(result.stderr, / {4}at /);
  }
});

Deno.test("intoto sign keeps the DSSE format and refuses -a on links", async () => {
  const dir = await tempDir(`${DEMO}/bob`, `${DEMO}/bob.pub`);
  await Deno.copyFile(
    join(FIXTURES, "demo_dsse_files", "write-code.776a00e2.link"),
    join(dir, "in.link"),
  );
  assertOk(
    await intoto(["sign", "-f", "in.link", "-k", "bob", "-o", "out.link"], {
      cwd: dir,
    }),
  );
  const envelope = JSON.parse(await Deno.readTextFile(join(dir, "out.link")));
  assert.equal(envelope.payloadType, "application/vnd.in-toto+json");
  assert.equal(envelope.signatures.length, 1);
  assertOk(
    await intoto(["sign", "-f", "out.link", "-k", "bob.pub", "--verify"], {
      cwd: dir,
    }),
  );
  const append = await intoto(["sign", "-f", "in.link", "-k", "bob", "-a"], {
    cwd: dir,
  });
  assert.equal(append.code, 2);
  assert.match(append.stderr, /only to layouts/);
});

Deno.test("intoto sign warns, with the date, about a layout that expired or expires within 30 days", async () => {
  const day = 86_400_000;
  const at = (offset: number) =>
    new Date(Date.now() + offset).toISOString().replace(/\.\d{3}Z$/, "Z");
  const cases: [string, RegExp | undefined][] = [
    [at(-day), /expired on .*: verify will refuse it/],
    [at(10 * day + 3_600_000), /expires on .*, in 10 days/],
    [at(3_600_000), /expires on .*, in less than a day/],
    [at(40 * day), undefined],
  ];
  for (const [expires, warning] of cases) {
    const directory = await demo({ edit: `layout["expires"] = "${expires}"` });
    try {
      const result = await intoto(
        [
          "sign",
          "-f",
          "demo.layout.template",
          "-k",
          "alice",
          "-o",
          "new.layout",
        ],
        { cwd: directory },
      );
      assert.equal(result.code, 0, result.stderr);
      if (warning === undefined) assert.doesNotMatch(result.stderr, /warning/);
      else {
        assert.match(
          result.stderr,
          /^warning: Layout "demo\.layout\.template" /,
        );
        assert.match(result.stderr, warning);
        assert.ok(result.stderr.includes(expires), result.stderr);
      }
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  }
});
