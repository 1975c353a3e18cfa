// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Opens an HTML file in headless Chromium over the DevTools protocol and
 * prints, as JSON: every console message, log entry and exception, every
 * network request, and the value of each expression given. Optionally saves
 * a PNG screenshot of the first 1200 × 900 pixels.
 *
 *     deno run --allow-net=127.0.0.1 --allow-run --allow-read --allow-write \
 *       --allow-env tests/e2e/_chromium.ts PAGE.html [--screenshot OUT.png] \
 *       [--eval EXPRESSION]...
 *
 * It is a program, not a module of the suite, so that only it gets network
 * access, and only to the browser on 127.0.0.1: `browse()` starts it.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { execute } from "../_helpers.ts";

/** What the page did. */
export interface PageReport {
  /** Console messages, log entries and exceptions, as `level: text`. */
  messages: string[];
  /** The URLs the page requested, the page itself included. */
  requests: string[];
  /** The value of each `--eval` expression, in order. */
  values: unknown[];
}

/**
 * Opens `page` in headless Chromium.
 *
 * @param page The HTML file.
 * @param options Expressions to evaluate, and where to save a screenshot.
 * @returns What the page did.
 */
export async function browse(
  page: string,
  options: { evaluate?: string[]; screenshot?: string } = {},
): Promise<PageReport> {
  const result = await execute([
    Deno.execPath(),
    "run",
    "--allow-net=127.0.0.1",
    "--allow-run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    new URL(import.meta.url).pathname,
    page,
    ...(options.screenshot === undefined
      ? []
      : ["--screenshot", options.screenshot]),
    ...(options.evaluate ?? []).flatMap((expression) => ["--eval", expression]),
  ]);
  if (result.code !== 0) {
    throw new Error(`Chromium driver failed: ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

/** One DevTools session over a WebSocket. */
class DevTools {
  #socket: WebSocket;
  #next = 1;
  #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #listeners: ((method: string, params: Record<string, unknown>) => void)[] =
    [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.id !== undefined) {
        const waiting = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) {
          waiting?.reject(new Error(JSON.stringify(message.error)));
        } else waiting?.resolve(message.result);
      } else {
        for (const listen of this.#listeners) {
          listen(message.method, message.params);
        }
      }
    };
  }

  static async connect(url: string): Promise<DevTools> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    return new DevTools(socket);
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.#next++;
    this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        resolve: (value) => resolve(value as Record<string, unknown>),
        reject,
      });
    });
  }

  on(listen: (method: string, params: Record<string, unknown>) => void) {
    this.#listeners.push(listen);
  }

  close(): void {
    this.#socket.close();
  }
}

/** Starts Chromium and returns its DevTools WebSocket URL. */
async function launch(profile: string): Promise<
  { process: Deno.ChildProcess; url: string }
> {
  const process = new Deno.Command("chromium", {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--hide-scrollbars",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    stdout: "null",
    stderr: "piped",
    // Its own process group, so that its helpers end with it.
    detached: true,
  }).spawn();
  const lines = process.stderr.pipeThrough(new TextDecoderStream());
  let seen = "";
  for await (const chunk of lines) {
    seen += chunk;
    const found = seen.match(/DevTools listening on (ws:\/\/\S+)/);
    if (found) {
      // Keep draining stderr so that Chromium never blocks on it.
      lines.pipeTo(new WritableStream()).catch(() => {});
      return { process, url: found[1]! };
    }
  }
  throw new Error(`Chromium did not start: ${seen}`);
}

/**
 * Removes the browser profile; a helper process that has not quite ended
 * may still write into it, so try a few times.
 */
async function removeProfile(profile: string): Promise<void> {
  for (let attempt = 0;; attempt += 1) {
    try {
      await Deno.remove(profile, { recursive: true });
      return;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      if (attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      screenshot: { type: "string" },
      eval: { type: "string", multiple: true },
    },
  });
  const page = positionals[0]!;
  const profile = await Deno.makeTempDir({ prefix: "intoto-chromium-" });
  const { process, url } = await launch(profile);
  const report: PageReport = { messages: [], requests: [], values: [] };
  try {
    const browser = await DevTools.connect(url);
    const { targetId } = await browser.send("Target.createTarget", {
      url: "about:blank",
    });
    const { sessionId } = await browser.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    }) as { sessionId: string };
    const send = (method: string, params: Record<string, unknown> = {}) =>
      browser.send(method, params, sessionId);
    let loaded: () => void = () => {};
    const load = new Promise<void>((resolve) => loaded = resolve);
    browser.on((method, params) => {
      if (method === "Page.loadEventFired") loaded();
      if (method === "Runtime.consoleAPICalled") {
        const args = params.args as { value?: unknown }[];
        report.messages.push(
          `${params.type}: ${args.map((arg) => String(arg.value)).join(" ")}`,
        );
      }
      if (method === "Runtime.exceptionThrown") {
        report.messages.push(`exception: ${JSON.stringify(params)}`);
      }
      if (method === "Log.entryAdded") {
        const entry = params.entry as { level: string; text: string };
        report.messages.push(`${entry.level}: ${entry.text}`);
      }
      if (method === "Network.requestWillBeSent") {
        report.requests.push((params.request as { url: string }).url);
      }
    });
    for (const domain of ["Page", "Runtime", "Log", "Network"]) {
      await send(`${domain}.enable`);
    }
    await send("Emulation.setDeviceMetricsOverride", {
      width: 1200,
      height: 900,
      deviceScaleFactor: 1,
      mobile: false,
    });
    await send("Page.navigate", { url: `file://${await Deno.realPath(page)}` });
    await load;
    for (const expression of values.eval ?? []) {
      const { result } = await send("Runtime.evaluate", {
        expression,
        returnByValue: true,
      }) as { result: { value?: unknown } };
      report.values.push(result.value ?? null);
    }
    if (values.screenshot !== undefined) {
      const { data } = await send("Page.captureScreenshot", {
        format: "png",
      }) as { data: string };
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      await Deno.writeFile(values.screenshot, bytes);
    }
    await browser.send("Browser.close").catch(() => {});
    browser.close();
  } finally {
    try {
      Deno.kill(-process.pid, "SIGKILL");
    } catch {
      // Already gone after Browser.close.
    }
    await process.status;
    await removeProfile(profile);
  }
  console.log(JSON.stringify(report));
}

if (import.meta.main) await main();
