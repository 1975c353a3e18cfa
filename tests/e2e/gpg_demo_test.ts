// Copyright 2026 the intoto authors. Apache-2.0 license.
// The reference's GPG demo (demo_files_gpg, gpg_keyrings) verified with
// `intoto verify --gpg`, in-process: no gpg binary is started.
import assert from "node:assert/strict";
import { join } from "node:path";
import { execute, FIXTURES, intoto, ROOT, tempDir } from "../_helpers.ts";
import { V8_FLAGS } from "../../scripts/v8_flags.ts";
import { withGpgHome } from "../_gpg.ts";

const RSA_RING = join(FIXTURES, "gpg_keyrings", "rsa");
const DEMO = [
  "demo_files_gpg/demo.layout",
  "demo_files_gpg/demo-no-inspect.layout",
  "demo_files_gpg/foo.tar.gz",
  "demo_files_gpg/package.7b3abb26.link",
  "demo_files_gpg/write-code.8288ef56.link",
];
/** The layout signer: primary 8465A1E2…, which signed with subkey c5a0abe6. */
const OWNER = "8465A1E2E0FB2B40ADB2478E18FB3F537E0C8A17";

async function withDemo(test: (dir: string) => Promise<void>) {
  const dir = await tempDir(...DEMO);
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the reference's GPG demo verifies with --gpg and a short keyid", async () => {
  await withDemo(async (dir) => {
    for (const keyid of [OWNER, "7e0c8a17", "18fb3f537e0c8a17"]) {
      const result = await intoto([
        "verify",
        "-l",
        "demo.layout",
        "--gpg",
        keyid,
        "--gpg-home",
        RSA_RING,
      ], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /PASSED/);
    }
  });
});

Deno.test("a tampered GPG-signed link or layout fails with exit 1", async () => {
  await withDemo(async (dir) => {
    const link = join(dir, "write-code.8288ef56.link");
    const text = await Deno.readTextFile(link);
    await Deno.writeTextFile(link, text.replace('"foo.py"', '"bar.py"'));
    let result = await intoto(
      ["verify", "-l", "demo.layout", "--gpg", OWNER, "--gpg-home", RSA_RING],
      { cwd: dir },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /write-code\.8288ef56\.link.*no signature/);
    await Deno.writeTextFile(link, text);
    const layout = join(dir, "demo.layout");
    await Deno.writeTextFile(
      layout,
      (await Deno.readTextFile(layout)).replace("2036-01-01", "2037-01-01"),
    );
    result = await intoto(
      ["verify", "-l", "demo.layout", "--gpg", OWNER, "--gpg-home", RSA_RING],
      { cwd: dir },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /no signature on it verifies with key "8465a1e2/,
    );
  });
});

Deno.test("GPG verification needs only --allow-read (no gpg, no --allow-run)", async () => {
  await withDemo(async (dir) => {
    const result = await execute([
      Deno.execPath(),
      "run",
      "--quiet",
      "--no-prompt",
      ...V8_FLAGS,
      "--allow-read",
      join(ROOT, "cli.ts"),
      "verify",
      "-l",
      "demo-no-inspect.layout",
      "--gpg",
      "7E0C8A17",
      "--gpg-home",
      RSA_RING,
    ], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  });
});

Deno.test("--gpg with an unknown keyid, a non-hex keyid or no keyring fails with exit 2", async () => {
  await withDemo(async (dir) => {
    const cases: [string[], RegExp][] = [
      [["--gpg", "deadbeef", "--gpg-home", RSA_RING], /No GPG key "deadbeef"/],
      [
        ["--gpg", "alice@example.com", "--gpg-home", RSA_RING],
        /not a GPG keyid/,
      ],
      [["--gpg", OWNER, "--gpg-home", dir], /No GPG keyring in/],
    ];
    for (const [args, message] of cases) {
      const result = await intoto(["verify", "-l", "demo.layout", ...args], {
        cwd: dir,
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    }
  });
});

Deno.test("-k takes the layout key as gpg --export writes it, armoured or binary", async () => {
  await withGpgHome("gpg_keyrings/rsa", async (home) => {
    await withDemo(async (dir) => {
      for (const armor of [false, true]) {
        const key = await home.export(OWNER, armor);
        const result = await intoto(
          ["verify", "-l", "demo.layout", "-k", key],
          {
            cwd: dir,
          },
        );
        assert.equal(result.code, 0, result.stderr);
        const id = await intoto(["key", "id", key]);
        assert.equal(id.stdout, `${OWNER.toLowerCase()}  ${key}\n`);
      }
    });
  });
});
