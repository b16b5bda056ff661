import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, EnvError, serverEnv } from "./env";

const root = path.resolve(import.meta.dirname, "..");

describe("the server's environment", () => {
  it("unset (or empty) variables take the defaults the README lists", () => {
    expect(serverEnv({ PORT: "" })).toMatchObject({
      RAMPART_SECURE_COOKIES: false,
      RAMPART_POLL_INTERVAL_S: 30,
      RAMPART_POLL_TIMEOUT_S: 5,
      RAMPART_DRIFT_INTERVAL_S: 300,
      RAMPART_DISABLE_POLLER: false,
      RAMPART_PUSH_CONCURRENCY: 64,
      RAMPART_WORKER_IDLE_MS: 20_000,
      PORT: 3000,
      HOST: "0.0.0.0",
    });
    expect(serverEnv({}).RAMPART_WORKERS).toBeGreaterThanOrEqual(1);
    expect(
      serverEnv({
        PORT: "8080",
        RAMPART_SECURE_COOKIES: "1",
        RAMPART_PUSH_CONCURRENCY: "4",
        RAMPART_TRUSTED_PROXIES: "loopback, 10.0.0.0/8",
      }),
    ).toMatchObject({ PORT: 8080, RAMPART_SECURE_COOKIES: true, RAMPART_PUSH_CONCURRENCY: 4 });
  });

  it("a value set but wrong fails with the variable's name and what it must be, every bad one at once", () => {
    const bad = () =>
      serverEnv({
        RAMPART_PUSH_CONCURRENCY: "lots",
        PORT: "70000",
        RAMPART_SECURE_COOKIES: "yes",
        RAMPART_TRUSTED_PROXIES: "10.0.0.0/40",
      });
    expect(bad).toThrow(EnvError);
    const message = (() => {
      try {
        bad();
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain("RAMPART_PUSH_CONCURRENCY must be a whole number from 1 to 128 (it is 'lots')");
    expect(message).toContain("PORT must be a whole number from 1 to 65535 (it is '70000')");
    expect(message).toContain("RAMPART_SECURE_COOKIES must be 0 or 1 (it is 'yes')");
    expect(message).toContain("RAMPART_TRUSTED_PROXIES '10.0.0.0/40' has a bad prefix length");
  });

  it("a malformed credential key is refused without echoing it", () => {
    expect(() => serverEnv({ RAMPART_CREDENTIAL_KEY: "c2VjcmV0LWJ1dC1zaG9ydA==" })).toThrow(
      /RAMPART_CREDENTIAL_KEY must be 32 bytes, given as base64 or 64 hex digits\n/,
    );
    expect(serverEnv({ RAMPART_CREDENTIAL_KEY: "ab".repeat(32) }).RAMPART_CREDENTIAL_KEY).toBe("ab".repeat(32));
  });

  it("sees a changed value on the next read, and a valid read after an invalid one (the check is reused only for equal values)", () => {
    const env: Record<string, string | undefined> = { RAMPART_PUSH_CONCURRENCY: "8" };
    expect(serverEnv(env).RAMPART_PUSH_CONCURRENCY).toBe(8);
    serverEnv(env).RAMPART_PUSH_CONCURRENCY = 99; // a caller's change is its own
    expect(serverEnv(env).RAMPART_PUSH_CONCURRENCY).toBe(8);
    env.RAMPART_PUSH_CONCURRENCY = "16";
    expect(serverEnv(env).RAMPART_PUSH_CONCURRENCY).toBe(16);
    env.RAMPART_PUSH_CONCURRENCY = "0";
    expect(() => serverEnv(env)).toThrow(/RAMPART_PUSH_CONCURRENCY/);
    env.RAMPART_PUSH_CONCURRENCY = "";
    expect(serverEnv(env).RAMPART_PUSH_CONCURRENCY).toBe(64);
  });

  it("is the only reader of process.env in the server's code (Next's own NODE_ENV and NEXT_RUNTIME aside)", () => {
    const files = ["app", "lib"]
      .flatMap((d) =>
        readdirSync(path.join(root, d), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
          .map((e) => path.relative(root, path.join(e.parentPath, e.name))),
      )
      .concat(["proxy.ts", "instrumentation.ts", "scripts/serve.ts"]);
    const readers = files
      .filter((f) => !f.startsWith("lib/generated/") && f !== "lib/env.ts")
      .filter((f) =>
        readFileSync(path.join(root, f), "utf8")
          .replace(/process\.env\.(NODE_ENV|NEXT_RUNTIME)\b/g, "")
          .includes("process.env"),
      );
    expect(readers).toEqual([]);
  });

  it("every variable is in the README's table", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    for (const name of ENV_VARIABLES) expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\|`, "m"));
  });
});
