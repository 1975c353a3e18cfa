// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * DSSE through `intoto sign` and `intoto verify`: `sign --use-dsse` writes
 * the envelope in-toto writes, signing a DSSE file keeps its payload bytes,
 * layouts and links of either format mix, a DSSE layout without `expires`
 * is refused, and the reference's `demo_dsse_files` verify with a layout we
 * sign (tampered variants fail).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, python } from "../_helpers.ts";
import {
  assertFails,
  assertOk,
  copyDir,
  demoDir,
  DSSE_FILES,
  envelopePayload,
  signAs,
  signLayout,
  verify,
  withPayload,
  writeDemoTemplate,
} from "../_dsse_fixtures.ts";

const DEMO_LINKS = ["write-code.776a00e2.link", "package.2f89b927.link"];

/**
 * Python (securesystemslib 0.26): whether the envelope on stdin is what
 * in-toto writes for `signed` (payload `json.dumps(sort_keys=True)`) and
 * its signature verifies with `pub` over the PAE.
 */
function pythonCheck(signed: string, pub: string): string {
  return `
import base64, json, sys
from securesystemslib import interface, keys
envelope = json.load(sys.stdin)
payload = base64.b64decode(envelope["payload"])
signed = json.load(open(${JSON.stringify(signed)}))["signed"]
ptype = envelope["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(ptype), ptype, len(payload), payload)
public = interface.import_rsa_publickey_from_file(${JSON.stringify(pub)})
ours = envelope["signatures"][0]
sig = {"keyid": ours["keyid"], "sig": base64.b64decode(ours["sig"]).hex()}
print(json.dumps({
  "same_payload": payload == json.dumps(signed, sort_keys=True).encode(),
  "verified": keys.verify_signature(public, sig, pae),
  "keyid": public["keyid"] == ours["keyid"],
}))
`;
}

Deno.test("intoto sign --use-dsse writes a layout envelope as in-toto does; it verifies with metablock links", async () => {
  const dir = await demoDir("alice", "alice.pub", "foo.tar.gz", ...DEMO_LINKS);
  await writeDemoTemplate(dir);
  await signLayout(dir, ["--use-dsse"]);
  const check = await python(
    pythonCheck(join(dir, "demo.layout.template"), join(dir, "alice.pub")),
    { stdin: await Deno.readTextFile(join(dir, "root.layout")) },
  );
  assertOk(check);
  assert.deepEqual(JSON.parse(check.stdout), {
    same_payload: true,
    verified: true,
    keyid: true,
  });
  assertOk(
    await intoto(["sign", "-f", "root.layout", "-k", "alice.pub", "--verify"], {
      cwd: dir,
    }),
  );
  assertOk(await verify(dir));
});

Deno.test("intoto verify: a metablock layout with the reference's DSSE links", async () => {
  const dir = await demoDir(
    "alice",
    "alice.pub",
    "foo.tar.gz",
    ...DEMO_LINKS.map((name) => `dsse/${name}`),
  );
  await writeDemoTemplate(dir);
  await signLayout(dir);
  assert.ok(
    "signed" in JSON.parse(await Deno.readTextFile(join(dir, "root.layout"))),
  );
  assertOk(await verify(dir));
});

Deno.test("intoto sign --use-dsse signs a link template; a DSSE file keeps its payload bytes", async () => {
  const dir = await demoDir("bob", "bob.pub", "dsse/write-code.776a00e2.link");
  await Deno.writeTextFile(join(dir, "foo.py"), "print('hello')\n");
  assertOk(
    await intoto(["mock", "-n", "write-code", "--", "true"], { cwd: dir }),
  );
  assertOk(
    await intoto(["sign", "-f", "write-code.link", "-k", "bob", "--use-dsse"], {
      cwd: dir,
    }),
  );
  const signed = join(dir, "write-code.776a00e2.link");
  const check = await python(
    pythonCheck(join(dir, "write-code.link"), join(dir, "bob.pub")),
    { stdin: await Deno.readTextFile(signed) },
  );
  assertOk(check);
  assert.deepEqual(JSON.parse(check.stdout), {
    same_payload: true,
    verified: true,
    keyid: true,
  });
  // The reference's compact payload is signed as it is, not re-serialised.
  const fixture = join(DSSE_FILES, "write-code.776a00e2.link");
  assertOk(
    await intoto(["sign", "-f", fixture, "-k", "bob", "-o", "out.link"], {
      cwd: dir,
    }),
  );
  const before = JSON.parse(await Deno.readTextFile(fixture));
  const after = JSON.parse(await Deno.readTextFile(join(dir, "out.link")));
  assert.equal(after.payload, before.payload);
  assertOk(
    await intoto(["sign", "-f", "out.link", "-k", "bob.pub", "--verify"], {
      cwd: dir,
    }),
  );
});

Deno.test("intoto sign --use-dsse: refusals", async () => {
  const dir = await demoDir("alice", "alice.pub");
  await writeDemoTemplate(dir);
  const append = await intoto(
    ["sign", "-f", "demo.layout.template", "-k", "alice", "-a", "--use-dsse"],
    { cwd: dir },
  );
  assertFails(append, 2, /"-a\/--append" keeps the format/);
  const check = await intoto(
    [
      "sign",
      "-f",
      "demo.layout.template",
      "-k",
      "alice.pub",
      "--verify",
      "--use-dsse",
    ],
    { cwd: dir },
  );
  assertFails(check, 2, /do not apply to "--verify"/);
});

Deno.test("a DSSE layout without expires is refused by intoto sign and intoto verify", async () => {
  const dir = await demoDir("alice", "alice.pub", "dsse/demo.layout.template");
  const sign = await intoto(
    ["sign", "-f", "demo.layout.template", "-k", "alice", "-o", "root.layout"],
    { cwd: dir },
  );
  assertFails(sign, 2, /a DSSE layout must have "expires"/);
  const layout = envelopePayload(
    await Deno.readTextFile(join(dir, "demo.layout.template")),
  );
  await Deno.writeTextFile(
    join(dir, "root.layout"),
    await signAs(layout, "alice"),
  );
  assertFails(
    await verify(dir),
    2,
    /Invalid layout "root\.layout": a DSSE layout must have "expires" \(in-toto would treat it as never expiring\)/,
  );
});

/**
 * The reference's DSSE demo: its layout template (DSSE, no signatures, no
 * expires) with `expires` added and the inspection running the system tar,
 * re-encoded as in-toto encodes payloads, signed by alice with intoto sign;
 * its two DSSE links and the demo's foo.tar.gz.
 */
async function dsseDemo(expires = "2099-01-01T00:00:00Z"): Promise<string> {
  const dir = await demoDir(
    "alice",
    "alice.pub",
    "bob.pub",
    "foo.tar.gz",
    "dsse/demo.layout.template",
    ...DEMO_LINKS.map((name) => `dsse/${name}`),
  );
  const edit = await python(
    `
import base64, json
envelope = json.load(open("demo.layout.template"))
assert envelope["signatures"] == []
layout = json.loads(base64.b64decode(envelope["payload"]))
assert "expires" not in layout
layout["expires"] = ${JSON.stringify(expires)}
for inspection in layout["inspect"]:
    if inspection["run"][:2] == ["python", "./scripts/tar"]:
        inspection["run"] = ["tar"] + inspection["run"][2:]
envelope["payload"] = base64.b64encode(
    json.dumps(layout, sort_keys=True).encode()).decode()
json.dump(envelope, open("demo.layout.template", "w"))
`,
    { cwd: dir },
  );
  assertOk(edit);
  await signLayout(dir);
  return dir;
}

let demo: Promise<string> | undefined;

Deno.test("the reference's demo_dsse_files verify with a layout intoto signs", async () => {
  const dir = await (demo ??= dsseDemo());
  const layout = JSON.parse(await Deno.readTextFile(join(dir, "root.layout")));
  const template = JSON.parse(
    await Deno.readTextFile(join(dir, "demo.layout.template")),
  );
  assert.equal(layout.payload, template.payload);
  assert.equal(layout.signatures.length, 1);
  assert.deepEqual(
    envelopePayload(JSON.stringify(layout)).inspect,
    [{
      _type: "inspection",
      expected_materials: [[
        "MATCH",
        "foo.tar.gz",
        "WITH",
        "PRODUCTS",
        "FROM",
        "package",
      ]],
      expected_products: [[
        "MATCH",
        "foo.py",
        "WITH",
        "PRODUCTS",
        "FROM",
        "write-code",
      ]],
      name: "untar",
      run: ["tar", "xfz", "foo.tar.gz"],
    }],
  );
  assertOk(await verify(await copyDir(dir)));
});

const DEMO_TAMPERED: {
  name: string;
  change: (dir: string) => Promise<void>;
  args?: string[];
  code?: number;
  message: RegExp;
}[] = [
  {
    name: "the layout's payload changed after signing",
    change: async (dir) => {
      const path = join(dir, "root.layout");
      const text = await Deno.readTextFile(path);
      const layout = envelopePayload(text);
      layout.expires = "2199-01-01T00:00:00Z";
      await Deno.writeTextFile(path, withPayload(text, layout));
    },
    message: /"root\.layout": no signature on it verifies with key "556caebd/,
  },
  {
    name: "a link's payload changed after signing",
    change: async (dir) => {
      const path = join(dir, "package.2f89b927.link");
      const text = await Deno.readTextFile(path);
      const link = envelopePayload(text);
      link.command = ["tar", "zcvf", "foo.tar.gz", "evil.py"];
      await Deno.writeTextFile(path, withPayload(text, link));
    },
    message: /Step "package": threshold 1 not met/,
  },
  {
    name: "the layout's payloadType changed (S2a)",
    change: async (dir) => {
      const path = join(dir, "root.layout");
      const envelope = JSON.parse(await Deno.readTextFile(path));
      envelope.payloadType = "application/vnd.in-toto.layout+json";
      await Deno.writeTextFile(path, JSON.stringify(envelope));
    },
    code: 2,
    message: /payloadType must be "application\/vnd\.in-toto\+json"/,
  },
  {
    name: "another layout key",
    change: () => Promise.resolve(),
    args: ["verify", "-l", "root.layout", "-k", "bob.pub"],
    message: /no signature on it verifies with key "776a00e2/,
  },
  {
    name: "the package's product replaced",
    change: (dir) => Deno.writeTextFile(join(dir, "foo.tar.gz"), "evil"),
    message: /Inspection "untar" failed/,
  },
];

for (const variant of DEMO_TAMPERED) {
  Deno.test(`the reference's demo_dsse_files fail with ${variant.name}`, async () => {
    const dir = await copyDir(await (demo ??= dsseDemo()));
    await variant.change(dir);
    const result = variant.args === undefined
      ? await verify(dir)
      : await intoto(variant.args, { cwd: dir });
    assertFails(result, variant.code ?? 1, variant.message);
  });
}

Deno.test("the reference's demo_dsse_files fail with an expired layout", async () => {
  const dir = await dsseDemo("2001-01-01T00:00:00Z");
  assertFails(await verify(dir), 1, /expired on 2001-01-01T00:00:00Z/);
});
