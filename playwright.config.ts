import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3100);
// A fresh database per run: the first-run journey needs an install with no users.
const dbFile = path.join(os.tmpdir(), `rampart-e2e-${process.pid}-${Date.now()}`, "e2e.db");
process.env.E2E_DATABASE_URL ??= `file:${dbFile}`;
// The server's stdout and stderr also go to a file beside the database, so the secrets sweep can grep them.
process.env.E2E_SERVER_LOG ??= path.join(
  path.dirname(process.env.E2E_DATABASE_URL.replace(/^file:/, "")),
  "server.log",
);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "app", testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
  webServer: {
    command: `bash -c 'mkdir -p "$(dirname "$E2E_SERVER_LOG")"; exec > >(tee -a "$E2E_SERVER_LOG") 2> >(tee -a "$E2E_SERVER_LOG" >&2); exec bash scripts/start.sh'`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      RAMPART_E2E: "1",
      E2E_SERVER_LOG: process.env.E2E_SERVER_LOG,
      RAMPART_POLL_INTERVAL_S: "2",
      RAMPART_POLL_TIMEOUT_S: "2",
      // the drift specs change a router by hand and wait for the next poll to see it
      RAMPART_DRIFT_INTERVAL_S: "2",
      RAMPART_TRUSTED_PROXIES: "loopback",
    },
  },
});
