// Copyright 2026 the intoto authors. Apache-2.0 license.
// GPG both ways with in-toto 1.3.1 and a real gpg: intoto signs with gpg
// and the reference verifies; the reference signs and intoto verifies.
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, python, reference, type RunResult } from "../_helpers.ts";
import { type GpgHome, withGpgHome } from "../_gpg.ts";

const OWNER = "8465A1E2E0FB2B40ADB2478E18FB3F537E0C8A17";
const TWO_SUBKEYS = "40E692C3AE03F6B88DFF95D0D2C9FE930766998D";
const DEMO_FUNCTIONARY = "7B3ABB26B97B655AB9296BD15B0BD02E1C768C43";

function ok(result: RunResult, what: string): RunResult {
  assert.equal(result.code, 0, `${what}: ${result.stderr}${result.stdout}`);
  return result;
}

/** The layout keys intoto prints for `keyids` (`key id --json --gpg`). */
async function keyDicts(home: GpgHome, keyids: string[]) {
  const result = ok(
    await intoto([
      "key",
      "id",
      "--json",
      "--gpg",
      ...keyids,
      "--gpg-home",
      home.home,
    ]),
    "key id --json",
  );
  return JSON.parse(result.stdout);
}

async function writeLayout(
  dir: string,
  keys: Record<string, unknown>,
  step: { name: string; pubkeys: string[]; threshold: number },
) {
  const layout = {
    signatures: [],
    signed: {
      _type: "layout",
      expires: "2036-01-01T00:00:00Z",
      readme: "",
      keys,
      steps: [{
        _type: "step",
        ...step,
        expected_command: [],
        expected_materials: [],
        expected_products: [["ALLOW", "out.txt"]],
      }],
      inspect: [],
    },
  };
  await Deno.writeTextFile(join(dir, "root.layout"), JSON.stringify(layout));
}

async function withDir(test: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "intoto-gpg-work-" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("intoto signs a layout and a link with --gpg; in-toto-verify and in-toto-sign --verify accept them", async () => {
  await withGpgHome(undefined, async (home) => {
    await withDir(async (dir) => {
      const owner = await home.generate(
        "Owner <o@example.com>",
        "rsa3072",
        "cert",
      );
      await home.addSubkey(owner, "rsa3072", "sign");
      const functionary = await home.generate(
        "Fn <f@example.com>",
        "ed25519",
        "sign,cert",
      );
      const gpgHome = ["--gpg-home", home.home];
      await writeLayout(dir, await keyDicts(home, [functionary]), {
        name: "build",
        pubkeys: [functionary.toLowerCase()],
        threshold: 1,
      });
      ok(
        await intoto(
          ["sign", "-f", "root.layout", "--gpg", owner, ...gpgHome],
          { cwd: dir },
        ),
        "intoto sign --gpg",
      );
      ok(
        await intoto(
          [
            "run",
            "-n",
            "build",
            "--gpg",
            functionary,
            ...gpgHome,
            "-p",
            "out.txt",
            "--",
            "touch",
            "out.txt",
          ],
          { cwd: dir },
        ),
        "intoto run --gpg",
      );
      const link = `build.${functionary.slice(0, 8).toLowerCase()}.link`;
      ok(
        await reference("in-toto-sign", [
          "-f",
          link,
          "--verify",
          "--gpg",
          functionary,
          ...gpgHome,
        ], { cwd: dir }),
        "in-toto-sign --verify",
      );
      ok(
        await reference("in-toto-verify", [
          "-l",
          "root.layout",
          "--gpg",
          owner,
          ...gpgHome,
        ], { cwd: dir }),
        "in-toto-verify --gpg",
      );
      ok(
        await intoto([
          "verify",
          "-l",
          "root.layout",
          "--gpg",
          owner,
          ...gpgHome,
        ], { cwd: dir }),
        "intoto verify --gpg",
      );
      // The default key (-g without KEYID) signs too: gpg's first key.
      ok(
        await intoto(["run", "-n", "default", "-g", ...gpgHome, "-x"], {
          cwd: dir,
        }),
        "intoto run -g",
      );
      assert.ok(
        (await Deno.stat(
          join(dir, `default.${owner.slice(0, 8).toLowerCase()}.link`),
        )).isFile,
      );
    });
  });
});

Deno.test("in-toto-run --gpg signs with a subkey (RSA) or a DSA key; intoto verifies", async () => {
  for (
    const [ring, keyid, prefix] of [
      ["rsa", OWNER, "c5a0abe6"],
      ["dsa", "C242A830DAAF1C2BEF604A9EF033A3A3E267B3B1", "c242a830"],
    ] as const
  ) {
    await withGpgHome(`gpg_keyrings/${ring}`, async (home) => {
      await withDir(async (dir) => {
        const gpgHome = ["--gpg-home", home.home];
        ok(
          await reference("in-toto-run", [
            "-n",
            "probe",
            "--gpg",
            keyid,
            ...gpgHome,
            "-p",
            "out.txt",
            "--",
            "touch",
            "out.txt",
          ], { cwd: dir }),
          "in-toto-run --gpg",
        );
        const link = `probe.${prefix}.link`;
        ok(
          await intoto([
            "sign",
            "-f",
            link,
            "--verify",
            "--gpg",
            keyid,
            ...gpgHome,
          ], { cwd: dir }),
          "intoto sign --verify --gpg",
        );
        // And in a chain: a layout the reference signs, keys from intoto.
        await writeLayout(dir, await keyDicts(home, [keyid]), {
          name: "probe",
          pubkeys: [keyid.toLowerCase()],
          threshold: 1,
        });
        ok(
          await reference("in-toto-sign", [
            "-f",
            "root.layout",
            "--gpg",
            keyid,
            ...gpgHome,
          ], { cwd: dir }),
          "in-toto-sign --gpg",
        );
        ok(
          await intoto([
            "verify",
            "-l",
            "root.layout",
            "--gpg",
            keyid,
            ...gpgHome,
          ], { cwd: dir }),
          "intoto verify",
        );
      });
    });
  }
});

Deno.test("key id --json prints the reference's export_pubkey dict for the fixture keys", async () => {
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    for (const keyid of [OWNER, DEMO_FUNCTIONARY, TWO_SUBKEYS]) {
      const ours = await keyDicts(home, [keyid]);
      const theirs = ok(
        await python(
          `import json,sys\nfrom securesystemslib.gpg.functions import export_pubkey\nprint(json.dumps(export_pubkey(sys.argv[1] if len(sys.argv)>1 else ${
            JSON.stringify(keyid)
          }, homedir=${JSON.stringify(home.home)})))`,
        ),
        "export_pubkey",
      );
      assert.deepEqual(ours, {
        [keyid.toLowerCase()]: JSON.parse(theirs.stdout),
      });
    }
  });
});

Deno.test("thresholds count distinct primary keys: two links by one key's subkeys count once", async () => {
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    await withDir(async (dir) => {
      const gpgHome = ["--gpg-home", home.home];
      await writeLayout(
        dir,
        await keyDicts(home, [TWO_SUBKEYS, DEMO_FUNCTIONARY]),
        {
          name: "twice",
          pubkeys: [TWO_SUBKEYS.toLowerCase(), DEMO_FUNCTIONARY.toLowerCase()],
          threshold: 2,
        },
      );
      ok(
        await intoto(
          ["sign", "-f", "root.layout", "--gpg", OWNER, ...gpgHome],
          { cwd: dir },
        ),
        "sign",
      );
      ok(
        await intoto([
          "run",
          "-n",
          "twice",
          "--gpg",
          TWO_SUBKEYS,
          ...gpgHome,
          "-p",
          "out.txt",
          "--",
          "touch",
          "out.txt",
        ], { cwd: dir }),
        "run",
      );
      // The same link under the name of the subkey that signed it.
      await Deno.copyFile(
        join(dir, "twice.40e692c3.link"),
        join(dir, "twice.732d7225.link"),
      );
      const result = await intoto([
        "verify",
        "-l",
        "root.layout",
        "--gpg",
        OWNER,
        ...gpgHome,
      ], { cwd: dir });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /threshold 2 not met: found 1 valid link/);
    });
  });
});

Deno.test("--gpg without gpg installed fails in one line with exit 2", async () => {
  await withDir(async (dir) => {
    const result = await intoto(["run", "-n", "x", "--gpg", "-x"], {
      cwd: dir,
      env: { PATH: dir },
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^error: gpg is needed to sign with a GPG key/);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  });
});

Deno.test("record start and stop --gpg write a link named after the primary that in-toto-sign --verify accepts", async () => {
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    await withDir(async (dir) => {
      const gpgHome = ["--gpg-home", home.home];
      await Deno.writeTextFile(join(dir, "in.txt"), "in\n");
      ok(
        await intoto(
          [
            "record",
            "start",
            "-n",
            "rec",
            "--gpg",
            OWNER,
            ...gpgHome,
            "-m",
            "in.txt",
          ],
          { cwd: dir },
        ),
        "record start",
      );
      await Deno.writeTextFile(join(dir, "out.txt"), "out\n");
      ok(
        await intoto(
          [
            "record",
            "stop",
            "-n",
            "rec",
            "--gpg",
            OWNER,
            ...gpgHome,
            "-p",
            "out.txt",
          ],
          { cwd: dir },
        ),
        "record stop",
      );
      const text = await Deno.readTextFile(join(dir, "rec.8465a1e2.link"));
      // Signed by the subkey, named after the primary.
      assert.match(text, /"keyid": "c5a0abe6ec19d0d65f85e2c39be9df5131d924e9"/);
      ok(
        await reference("in-toto-sign", [
          "-f",
          "rec.8465a1e2.link",
          "--verify",
          "--gpg",
          OWNER,
          ...gpgHome,
        ], { cwd: dir }),
        "in-toto-sign --verify",
      );
    });
  });
});

Deno.test("an Ed25519 signing subkey: intoto verifies its links, the reference drops the subkey", async () => {
  await withGpgHome(undefined, async (home) => {
    await withDir(async (dir) => {
      const primary = await home.generate(
        "Ed <ed@example.com>",
        "ed25519",
        "cert",
      );
      await home.addSubkey(primary, "ed25519", "sign");
      const gpgHome = ["--gpg-home", home.home];
      ok(
        await intoto(
          ["run", "-n", "step", "--gpg", primary, ...gpgHome, "-x"],
          { cwd: dir },
        ),
        "intoto run --gpg",
      );
      const link = `step.${primary.slice(0, 8).toLowerCase()}.link`;
      ok(
        await intoto([
          "sign",
          "-f",
          link,
          "--verify",
          "--gpg",
          primary,
          ...gpgHome,
        ], { cwd: dir }),
        "intoto sign --verify",
      );
      const theirs = await reference("in-toto-sign", [
        "-f",
        link,
        "--verify",
        "--gpg",
        primary,
        ...gpgHome,
      ], { cwd: dir });
      assert.notEqual(theirs.code, 0, "the reference drops Ed25519 subkeys");
    });
  });
});

Deno.test("verify --gpg fails with exit 1 naming the date when the layout key expired", async () => {
  await withGpgHome(undefined, async (home) => {
    await withDir(async (dir) => {
      const owner = await home.generate(
        "Exp <exp@example.com>",
        "rsa2048",
        "sign,cert",
        "1d",
        ["--faked-system-time", "20200101T000000"],
      );
      const gpgHome = ["--gpg-home", home.home];
      await writeLayout(dir, {}, { name: "none", pubkeys: [], threshold: 0 });
      // gpg signs with the expired key only at a faked time: the reference
      // signs here, then intoto verifies today.
      const conf = join(home.home, "gpg.conf");
      await Deno.writeTextFile(conf, "faked-system-time 20200101T120000\n");
      ok(
        await reference("in-toto-sign", [
          "-f",
          "root.layout",
          "--gpg",
          owner,
          ...gpgHome,
        ], { cwd: dir }),
        "in-toto-sign at a faked time",
      );
      await Deno.remove(conf);
      const result = await intoto([
        "verify",
        "-l",
        "root.layout",
        "--gpg",
        owner,
        ...gpgHome,
      ], { cwd: dir });
      assert.equal(result.code, 1, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          `GPG key "${owner.toLowerCase()}" expired on 2020-01-02T00:00:00Z`,
        ),
      );
    });
  });
});

Deno.test("intoto signs with gpg even when gpg.conf says armor", async () => {
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    await withDir(async (dir) => {
      await Deno.writeTextFile(join(home.home, "gpg.conf"), "armor\n");
      ok(
        await intoto([
          "run",
          "-n",
          "a",
          "--gpg",
          OWNER,
          "--gpg-home",
          home.home,
          "-x",
        ], { cwd: dir }),
        "intoto run --gpg with armor",
      );
      ok(
        await intoto([
          "sign",
          "-f",
          "a.8465a1e2.link",
          "--verify",
          "--gpg",
          OWNER,
          "--gpg-home",
          home.home,
        ], { cwd: dir }),
        "sign --verify",
      );
    });
  });
});
