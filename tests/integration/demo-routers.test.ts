import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, tempDatabase } from "@/tests/support/temp-database";

// `npm run demo` as an admin runs it: its own process, the real peers, a real database, a PORT of its own.
const { dir, url } = tempDatabase();
const root = path.resolve(import.meta.dirname, "../..");
let demo: ChildProcess | null = null;

beforeAll(() => migrate(url), 120_000);
afterAll(async () => {
  if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
    process.kill(-demo.pid, "SIGTERM");
    await new Promise((r) => demo!.once("exit", r));
  }
});

/** What a client sees on the port: "reset" (refused by a listener that answers nothing) or data. */
function probe(port: number): Promise<"reset" | "closed" | "data"> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("data", () => (s.destroy(), resolve("data")));
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNRESET" ? "reset" : "closed"));
    s.once("close", () => resolve("closed"));
    s.setTimeout(3000, () => (s.destroy(), resolve("data")));
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(port, "127.0.0.1");
    s.once("error", () => resolve(false));
    s.once("listening", () => s.close(() => resolve(true)));
  });
}

describe("npm run demo", () => {
  it("prints the dashboard's PORT and keeps the dead router's port its own while it runs", async () => {
    const port = 4000 + Math.floor(Math.random() * 20_000);
    demo = spawn("npx", ["tsx", "scripts/demo-routers.ts"], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        RAMPART_CREDENTIAL_KEY_FILE: path.join(dir, "credential.key"),
      },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    let out = "";
    demo.stdout!.on("data", (c) => (out += c));
    await new Promise<void>((resolve, reject) => {
      demo!.stdout!.on("data", () => out.includes("press Ctrl-C") && resolve());
      demo!.once("exit", (code) => reject(new Error(`demo exited (${code}):\n${out}`)));
    });

    // Before: "Open http://localhost:3000/health" whatever PORT was.
    expect(out).toContain(`Open http://localhost:${port}/health`);
    const deadPort = Number(/demo-dead\s+mikrotik\s+127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(deadPort).toBeGreaterThan(0);
    // Before: the port was freed right after it was chosen, so another process could take it and the "dead"
    // router would answer as something else. Now it is held, and every connection is reset.
    expect(await bindable(deadPort)).toBe(false);
    expect(await probe(deadPort)).toBe("reset");

    const { openSqliteFile } = await import("@/lib/backup/sqlite-file");
    const d = openSqliteFile(url.slice("file:".length), { readonly: true });
    const names = d
      .prepare('SELECT name FROM "Router" ORDER BY name')
      .all()
      .map((r) => (r as { name: string }).name);
    d.close();
    expect(names).toEqual(expect.arrayContaining(["demo-dead", "demo-ros6", "demo-ros7", "demo-ros-tls"]));

    process.kill(-demo.pid!, "SIGTERM");
    await new Promise((r) => demo!.once("exit", r));
    // Stopping the demo gives the port back (npx may exit a moment before the script it ran).
    await expect.poll(() => bindable(deadPort), { timeout: 10_000 }).toBe(true);
  }, 120_000);
});
