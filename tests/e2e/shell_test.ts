// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto completions bash|zsh|fish` load in their shells and complete
 * commands, subcommands and options from the option tables; `intoto man`
 * renders with groff and man without a warning. zsh and fish tests run
 * where those shells are installed (Debian packages zsh and fish).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { COMMAND_NAMES, loadCommands } from "../../lib/cli/main.ts";
import { commandDoc } from "../../lib/cli/option_docs.ts";
import { execute, intoto, intotoCommand, tempDir } from "../_helpers.ts";

function installed(program: string): boolean {
  try {
    return Deno.statSync(`/usr/bin/${program}`).isFile;
  } catch {
    return false;
  }
}

async function script(shell: string): Promise<string> {
  const result = await intoto(["completions", shell]);
  assert.equal(result.code, 0, result.stderr);
  const path = join(await tempDir(), `intoto.${shell}`);
  await Deno.writeTextFile(path, result.stdout);
  return path;
}

/** What bash's completion function offers for `words`, the last one being completed. */
function bashCompletes(words: string[]): string {
  const array = words.map((word) => `'${word}'`).join(" ");
  return `COMP_WORDS=(${array}); COMP_CWORD=${
    words.length - 1
  }; _intoto; echo "\${COMPREPLY[*]}"`;
}

Deno.test("bash: the script loads with source <(intoto completions bash) and registers intoto", async () => {
  const result = await execute([
    "bash",
    "-c",
    `source <(${
      intotoCommand().join(" ")
    } completions bash) && complete -p intoto`,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  assert.match(result.stdout, /complete .*-F _intoto intoto/);
});

Deno.test("bash: completes commands, subcommands and each command's options", async () => {
  const path = await script("bash");
  const cases: [string[], string][] = [
    [["intoto", "lay"], "layout"],
    [["intoto", "layout", "add-"], "add-key add-step add-inspection"],
    [
      ["intoto", "layout", "add-step", "root.layout", "--expected-c"],
      "--expected-command",
    ],
    [["intoto", "attest", "verify", "--thr"], "--threshold"],
    [["intoto", "verify", "--thr"], ""],
    [["intoto", "record", "st"], "start stop"],
    [["intoto", "help", "ma"], "match-products man"],
    [["intoto", "completions", "--he"], "--help"],
  ];
  const result = await execute([
    "bash",
    "-c",
    `source ${path}\n${
      cases.map(([words]) => bashCompletes(words)).join("\n")
    }`,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(
    result.stdout.split("\n").slice(0, -1),
    cases.map(([, expected]) => expected),
  );
});

Deno.test("bash: every option of every command's table completes, and nothing else", async () => {
  const path = await script("bash");
  const docs = (await loadCommands()).map(commandDoc);
  const result = await execute([
    "bash",
    "-c",
    `source ${path}\n${
      docs.map((doc) => bashCompletes(["intoto", ...doc.name.split(" "), "-"]))
        .join("\n")
    }`,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split("\n");
  assert.equal(docs.length, COMMAND_NAMES.length);
  docs.forEach((doc, index) => {
    const expected = doc.options.flatMap((option) => [
      `--${option.name}`,
      ...(option.short === undefined ? [] : [`-${option.short}`]),
    ]);
    assert.deepEqual(
      lines[index]!.split(" ").sort(),
      expected.sort(),
      doc.name,
    );
  });
});

Deno.test({
  name:
    "zsh: the script loads after compinit and completes an option in a real zsh",
  ignore: !installed("zsh"),
  async fn() {
    const path = await script("zsh");
    const dump = join(await tempDir(), "zcompdump");
    const loaded = await execute([
      "zsh",
      "-f",
      "-c",
      `autoload -U compinit && compinit -u -d ${dump} && source ${path} && print -r -- $_comps[intoto]`,
    ]);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.equal(loaded.stdout, "_intoto\n");
    // An interactive zsh on a pseudo-terminal: type, press tab, wait for the
    // completed word (zpty -r with a pattern blocks until it is read).
    const driver = `
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -U compinit; compinit -u -d ${dump}; source ${path}'
zpty -w -n z $'intoto layout add-step x --expected-c\\t'
zpty -r z out '*add-step x --expected-command*' && print -r -- completed
zpty -d z
`;
    const child = new Deno.Command("zsh", {
      args: ["-f", "-c", driver],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => child.kill(), 60_000);
    const driven = await child.output();
    clearTimeout(timer);
    assert.match(new TextDecoder().decode(driven.stdout), /^completed$/m);
  },
});

Deno.test({
  name: "fish: the script loads and fish's completion engine completes from it",
  ignore: !installed("fish"),
  async fn() {
    const path = await script("fish");
    const result = await execute([
      "fish",
      "--no-config",
      "-c",
      `source ${path}
complete -C 'intoto lay'; echo ---
complete -C 'intoto layout add-step x --na'; echo ---
complete -C 'intoto attest verify --thr'; echo ---
complete -C 'intoto verify --thr'; echo ---`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.deepEqual(result.stdout.split("---\n"), [
      "layout\tinit, add-key, add-step, add-inspection, set-expiry, rm-step, lint\n",
      "--name\tThe step's name (unique, safe as a file name)\n",
      "--threshold\tDistinct keys that must have signed (default 1)\n",
      "",
      "",
    ]);
  },
});

Deno.test("man: the page renders with groff without a warning and with man -l", async () => {
  const page = await intoto(["man"]);
  assert.equal(page.code, 0, page.stderr);
  const path = join(await tempDir(), "intoto.1");
  await Deno.writeTextFile(path, page.stdout);
  const groff = await execute(["groff", "-man", "-Tutf8", "-ww", "-z", path]);
  assert.equal(groff.code, 0, groff.stderr);
  assert.equal(groff.stderr, "");
  const man = await execute(["man", "-P", "cat", "-l", path], {
    env: { MANWIDTH: "100", LANG: "C.UTF-8", PATH: "/usr/bin:/bin" },
  });
  assert.equal(man.code, 0, man.stderr);
  const text = man.stdout;
  for (const name of COMMAND_NAMES) {
    assert.ok(text.includes(`intoto ${name}`), name);
  }
  assert.match(
    text,
    /-c, --expected-command COMMAND\n\s+The\s+command\s+its\s+links\s+should/,
  );
  assert.match(text, /EXIT STATUS/);
  // The notes below a command's options, such as how rules are written.
  assert.match(text, /Rules\s+are\s+written\s+as\s+the\s+reference\s+prints/);
});

Deno.test("completions and man reject bad input with one error line and exit 2", async () => {
  for (
    const [args, message] of [
      [["completions"], /missing shell: "bash", "zsh" or "fish"/],
      [
        ["completions", "tcsh"],
        /unknown shell "tcsh": use "bash", "zsh" or "fish"/,
      ],
      [["completions", "bash", "zsh"], /unexpected argument "zsh"/],
      [["man", "intoto"], /unexpected argument "intoto"/],
    ] as const
  ) {
    const result = await intoto([...args]);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^error: [^\n]*\n$/);
    assert.match(result.stderr, message);
  }
});
