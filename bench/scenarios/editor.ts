import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { int, ms, times } from "../support/format";
import { benchRuleSet } from "../support/rule-sets";
import { createTempDb } from "../support/temp-db";
import { notAvailable, type Scenario } from "../types";

/**
 * The rule-set editor in Chromium against the production build (`bash scripts/start.sh`, its own port, database
 * and NEXT_DIST_DIR=.next-bench). Rule sets are made through the REST API with a CLI token; the admin signs in
 * through the login page. For each size: open (navigation until the table shows its first rows and the rule
 * count), scroll (the same fixed distance from the top at both sizes, a row a frame), save (one toggle, then
 * Save until "Saved as revision"). Each is the median of RUNS runs, after one warm-up open per size.
 */
// Five: a save at 50 rules is ~0.1-0.3 s, and on a shared machine three runs left its median too noisy for a ratio.
const RUNS = 5;
const PASSWORD = "bench-editor-password-1";
const DIST = ".next-bench";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The same distance at both sizes, as a person flicking down the list would move it: SCROLL_ROWS rows from the
 * top, SCROLL_STEP_ROWS a frame (each step waits for a frame, so every step's rows really render). Scrolling
 * the whole list made the 5,000-rule figure 100 times the distance of the 50-rule one. Built with
 * `new Function` so the text Playwright sends is exactly this (tsx would add helpers such as __name to a
 * function written in this file, and the page has none of them).
 */
const ROW_HEIGHT_PX = 40; // components/rule-editor/row-grid.ts ROW_HEIGHT
const SCROLL_ROWS = 25; // fits in the 50-rule list's scroll range at this viewport (50 × 40 px less the view)
const SCROLL_STEP_ROWS = 1;
const SCROLL_FIXED = new Function(
  "el",
  "arg",
  `return (async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const target = arg.rows * arg.rowHeight;
    if (el.scrollHeight - el.clientHeight < target) throw new Error("the list is too short to scroll " + target + " px");
    while (el.scrollTop < target) {
      el.scrollTop = Math.min(target, el.scrollTop + arg.step * arg.rowHeight);
      await frame();
    }
  })();`,
) as (el: Element, arg: { rows: number; step: number; rowHeight: number }) => Promise<void>;
const SCROLL_TO_TOP = new Function("el", "el.scrollTop = 0;") as (el: Element) => void;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function waitForHealth(base: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${log().slice(-1500)}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the server did not come up within ${timeoutMs / 1000} s: ${log().slice(-1500)}`);
}

export const editor: Scenario = {
  id: "editor",
  title: (s) => `editor with ${int(s.editorLargeRules)} rules in Chromium`,
  baseline: (s) => `${s.editorSmallRules} rules`,
  target: () => "open, scroll and save each ≤ 3× the 50-rule time",
  async run(ctx) {
    if (ctx.mode === "smoke")
      return notAvailable(
        "not run in the smoke test: it needs a production build (next build, minutes); `npm run bench -- --only editor` runs it",
      );
    if (!fs.existsSync(CHROMIUM)) return notAvailable(`no Chromium at ${CHROMIUM}`);
    const { chromium } = await import("playwright-core");
    const { editorSmallRules: small, editorLargeRules: large } = ctx.sizes;
    const db = createTempDb("editor");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...db.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    let out = "";
    ctx.log(`editor: starting the production server on :${port} (${DIST}; builds when the sources changed)`);
    // next build adds its dist dir's types to tsconfig.json; that line is not the bench's to keep
    const dropDistTypes = () => {
      const text = fs.readFileSync("tsconfig.json", "utf8");
      const cleaned = text.replace(/,\n\s*"\.next-bench\/(dev\/)?types\/\*\*\/\*\.ts"/g, "");
      if (cleaned !== text) fs.writeFileSync("tsconfig.json", cleaned);
    };
    const t0 = performance.now();
    const server = spawn("bash", ["scripts/start.sh"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.on("data", (b: Buffer) => (out = (out + b.toString()).slice(-8000)));
    server.stderr!.on("data", (b: Buffer) => (out = (out + b.toString()).slice(-8000)));
    const browser = { close: async () => {} } as { close(): Promise<void> };
    try {
      await waitForHealth(base, server, () => out, 30 * 60_000);
      dropDistTypes();
      const startMs = performance.now() - t0;
      ctx.log(`editor: server up in ${(startMs / 1000).toFixed(0)} s`);

      const cli = (args: string[]) =>
        execFileSync(process.execPath, [path.join("bin", "rampart.mjs"), ...args], {
          env: { ...env, RAMPART_PASSWORD: PASSWORD },
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        }).trim();
      cli(["user", "create", "--username", "bench", "--role", "admin"]);
      const token = cli(["token", "create", "--name", "bench", "--role", "admin"]);
      const makeSet = async (n: number): Promise<string> => {
        const r = await fetch(`${base}/api/v1/rule-sets`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ source: "blank", name: `bench ${n} rules`, content: benchRuleSet(n) }),
        });
        if (r.status !== 201)
          throw new Error(`creating the ${n}-rule set: HTTP ${r.status} ${(await r.text()).slice(0, 300)}`);
        return ((await r.json()) as { id: string }).id;
      };
      const sets = { small: await makeSet(small), large: await makeSet(large) };

      const b = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      browser.close = () => b.close();
      const page = await (await b.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      page.setDefaultTimeout(120_000);
      await page.goto(`${base}/login`);
      await page.getByLabel("Username", { exact: true }).fill("bench");
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("current-user").waitFor();

      const open = async (id: string, n: number) => {
        const t = performance.now();
        await page.goto(`${base}/rule-sets/${id}`);
        await page.getByTestId("rule-row").first().waitFor();
        await page
          .getByTestId("rule-count")
          .filter({ hasText: `${int(n)} rules` })
          .or(page.getByTestId("rule-count").filter({ hasText: `${n} rules` }))
          .first()
          .waitFor();
        return performance.now() - t;
      };
      const scroll = async () => {
        await page.getByTestId("rule-viewport").evaluate(SCROLL_TO_TOP);
        const t = performance.now();
        await page
          .getByTestId("rule-viewport")
          .evaluate(SCROLL_FIXED, { rows: SCROLL_ROWS, step: SCROLL_STEP_ROWS, rowHeight: ROW_HEIGHT_PX });
        await page
          .getByTestId("rule-comment")
          .filter({ hasText: new RegExp(`^bench rule ${SCROLL_ROWS}$`) })
          .waitFor();
        return performance.now() - t;
      };
      const save = async () => {
        await page.getByTestId("rule-viewport").evaluate(SCROLL_TO_TOP);
        await page.getByTestId("rule-row").first().getByRole("switch").click();
        await page.getByTestId("unsaved-bar").waitFor();
        const t = performance.now();
        await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
        await page
          .getByTestId("save-outcome")
          .filter({ hasText: /Saved as revision \d+/ })
          .waitFor();
        await page.getByTestId("saved-state").waitFor();
        return performance.now() - t;
      };

      const figures: Record<"small" | "large", { open: number[]; scroll: number[]; save: number[] }> = {
        small: { open: [], scroll: [], save: [] },
        large: { open: [], scroll: [], save: [] },
      };
      for (const size of ["small", "large"] as const) {
        const n = size === "small" ? small : large;
        await open(sets[size], n); // warm-up: first compile of the route, caches
        for (let i = 0; i < RUNS; i++) {
          figures[size].open.push(await open(sets[size], n));
          figures[size].scroll.push(await scroll());
          figures[size].save.push(await save());
        }
        ctx.log(
          `editor: ${n} rules: open ${ms(median(figures[size].open))}, scroll ${ms(median(figures[size].scroll))}, save ${ms(median(figures[size].save))}`,
        );
      }
      const ratio = (k: "open" | "scroll" | "save") => median(figures.large[k]) / median(figures.small[k]);
      const ratios = { open: ratio("open"), scroll: ratio("scroll"), save: ratio("save") };
      const pass = Object.values(ratios).every((r) => r <= 3);
      const part = (k: "open" | "scroll" | "save") =>
        `${k} ${times(ratios[k])} (${ms(median(figures.large[k]))} vs ${ms(median(figures.small[k]))})`;
      return {
        measured: `${part("open")}; ${part("scroll")}; ${part("save")}`,
        verdict: pass ? "PASS" : "FAIL",
        note: `production build (${DIST}) via scripts/start.sh, Chromium ${b.version()} headless; median of ${RUNS} runs after a warm-up open; open = navigation until rows and rule count show; scroll = the same ${SCROLL_ROWS} rows (${SCROLL_ROWS * ROW_HEIGHT_PX} px) down from the top at both sizes, ${SCROLL_STEP_ROWS} row a frame, until rule ${SCROLL_ROWS} is rendered (time per frame = scroll / ${Math.ceil(SCROLL_ROWS / SCROLL_STEP_ROWS)}); save = one toggle, Save until "Saved as revision"; rule sets made through the REST API`,
        details: {
          smallRules: small,
          largeRules: large,
          runs: RUNS,
          serverStartMs: startMs,
          figures,
          ratios,
          chromium: b.version(),
        },
      };
    } finally {
      await browser.close().catch(() => undefined);
      if (server.pid && server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        try {
          process.kill(-server.pid, "SIGTERM");
        } catch {
          /* gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        try {
          process.kill(-server.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
      dropDistTypes();
      db.remove();
    }
  },
};
