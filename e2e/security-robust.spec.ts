import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sampleRuleSet } from "../tests/support/sample-rule-set";
import { exportRuleSet } from "../lib/rules/export-format";
import { expect, rampartCli, test } from "./fixtures";

/**
 * Issue #16 (5, 6) against the real production server over real HTTP: inputs that used to answer 500, and
 * requests that used to stall or bloat the whole server. Plain fetch, so a latency is what a client measures.
 */

test.describe.configure({ mode: "serial" });
test.use({ trace: "off" });

const MAX_RULES = 10_000;
let base = "";
let admin = "";
let viewer = "";

test.beforeAll(async ({ baseURL }) => {
  base = baseURL!;
  admin = rampartCli(["token", "create", "--name", "robust-admin", "--role", "admin"]);
  viewer = rampartCli(["token", "create", "--name", "robust-viewer", "--role", "viewer"]);
});

const call = (
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  fetch(base + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });

async function expectApiError(
  res: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  const json = JSON.parse(text);
  expect(Object.keys(json)).toEqual(["error"]);
  expect(json.error.code).toBe(code);
  return json.error;
}

test.describe("inputs that used to be a 500", () => {
  test("a lone surrogate in a JSON body is a 422 at the field, for a viewer too", async () => {
    const set = await expectApiError(
      await call("POST", "/api/v1/rule-sets", admin, '{"source":"blank","name":"x\\ud800","description":""}'),
      422,
      "validation_failed",
    );
    expect(set.issues).toEqual([{ path: "name", message: expect.stringContaining("unpaired UTF-16 surrogate") }]);
    const analysis = await expectApiError(
      await call("POST", "/api/v1/analysis", viewer, '{"ruleSetId":"\\udc00"}'),
      422,
      "validation_failed",
    );
    expect(analysis.issues?.[0].path).toBe("ruleSetId");
  });

  test("a malformed percent-escape in a path id: the API answers 400 in its error shape, a page with a 400 page", async () => {
    for (const url of ["/api/v1/routers/%E0%A4%A", "/api/v1/rule-sets/%ZZ/revisions", "/api/v1/deployments/%C0%AF"]) {
      const err = await expectApiError(await call("GET", url, viewer), 400, "bad_request");
      expect(err.message).toContain("malformed percent-escape");
    }
    for (const url of ["/routers/%E0%A4%A", "/rule-sets/%ZZ/history", "/deployments/abc%"]) {
      const res = await call("GET", url, null);
      expect(res.status, url).toBe(400);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect(html).toContain("400 · Bad request");
      expect(html).toContain("malformed percent-escape");
      // The security headers are on the refusal too.
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  test("a malformed session cookie is no session: 401 from the API, the sign-in page for a page", async () => {
    const cookie = { cookie: "rampart_session=%E0%A4%A" };
    await expectApiError(await call("GET", "/api/v1/me", null, undefined, cookie), 401, "unauthorized");
    for (const url of ["/rule-sets", "/settings", "/audit"]) {
      const res = await call("GET", url, null, undefined, cookie);
      expect(res.status, url).toBe(307);
      expect(res.headers.get("location"), url).toContain("/login");
    }
    const login = await call("GET", "/login", null, undefined, cookie);
    expect(login.status).toBe(200);
  });

  test("a server action from another origin is a 403, an over-size one a 413, before Next's handler throws", async () => {
    const manifestFile = path.join(process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as {
      node: Record<string, { exportedName?: string }>;
    };
    const loginAction = Object.entries(manifest.node).find(([, v]) => v.exportedName === "loginAction")![0];
    const action = { "next-action": loginAction, "content-type": "text/plain;charset=UTF-8" };

    const cross = await call("POST", "/login", null, '["$K1"]', { ...action, origin: "http://evil.example" });
    expect((await expectApiError(cross, 403, "forbidden")).message).toContain("another site");
    const nullOrigin = await call("POST", "/login", null, '["$K1"]', { ...action, origin: "null" });
    expect(nullOrigin.status).toBe(403);

    const big = "x".repeat(8 * 1024 * 1024 + 1);
    const tooLarge = await call("POST", "/login", null, big, { ...action, origin: base });
    expect((await expectApiError(tooLarge, 413, "payload_too_large")).message).toBe(
      "The form data is larger than the limit of 8 MB.",
    );

    // From its own origin the same request passes the proxy and reaches the action, which reads the junk argument
    // as an empty form (it used to throw a TypeError: a 500). Signing in through the UI, in every other spec,
    // shows real actions still work.
    const same = await call("POST", "/login", null, '["$K1"]', { ...action, origin: base });
    expect(same.headers.get("content-type") ?? "").not.toContain("application/json");
    expect(same.status).toBe(200);
  });
});

test.describe("one request cannot stall or bloat the server", () => {
  const content = (n: number) => sampleRuleSet(n, 16);

  test("rule sets and imports over 10,000 rules and API bodies over 5 MB are refused, naming the limit", async () => {
    const over = content(MAX_RULES + 1);
    const blank = await expectApiError(
      await call("POST", "/api/v1/rule-sets", admin, {
        source: "blank",
        name: "too-big",
        description: "",
        content: over,
      }),
      422,
      "validation_failed",
    );
    expect(blank.issues).toContainEqual({
      path: "content.rules",
      message: "10,001 rules: a rule set holds at most 10,000 rules",
    });
    const file = exportRuleSet({ name: "too-big-import", description: "" }, over);
    const imported = await expectApiError(
      await call("POST", "/api/v1/rule-sets", admin, { source: "import", file }),
      422,
      "validation_failed",
    );
    expect(JSON.stringify(imported.issues)).toContain("a rule set holds at most 10,000 rules");

    // A RouterOS script with more rules than that: refused before anything is created.
    const script = [
      "/ip firewall filter",
      ...Array.from(
        { length: MAX_RULES + 5 },
        (_, i) => `add chain=input action=accept protocol=tcp dst-port=${(i % 60000) + 1} comment="r${i}"`,
      ),
    ].join("\n");
    const text = await expectApiError(
      await call("POST", "/api/v1/rule-sets/import-text", admin, {
        vendor: "mikrotik",
        name: "too-big-text",
        text: script,
      }),
      422,
      "validation_failed",
    );
    expect(text.issues).toEqual([
      {
        path: "text",
        message: "this text holds 10,005 rules: a rule set holds at most 10,000 rules; split it into several rule sets",
      },
    ]);

    const huge = await expectApiError(
      await call(
        "POST",
        "/api/v1/rule-sets",
        admin,
        JSON.stringify({ source: "blank", name: "huge", description: "x".repeat(6 * 1024 * 1024) }),
      ),
      413,
      "payload_too_large",
    );
    expect(huge.message).toBe("The request body is larger than the API's limit of 5 MB.");
    const names =
      ((await (await call("GET", "/api/v1/rule-sets", admin)).json()) as { ruleSets?: { name: string }[] }).ruleSets ??
      [];
    expect(names.map((r) => r.name)).not.toEqual(
      expect.arrayContaining(["too-big", "too-big-import", "too-big-text", "huge"]),
    );
  });

  test("while a viewer's analysis of a 10,000-rule set runs, GET /api/v1/health answers within 200 ms", async () => {
    test.setTimeout(300_000);
    const created = await call("POST", "/api/v1/rule-sets", admin, {
      source: "blank",
      name: "max-size",
      description: "",
      content: content(MAX_RULES),
    });
    expect(created.status, (await created.clone().text()).slice(0, 300)).toBe(201);
    const { id } = (await created.json()) as { id: string };

    for (const [what, body] of [
      ["a saved revision", { ruleSetId: id }],
      ["inline content", { content: content(MAX_RULES) }],
    ] as const) {
      const latencies: number[] = [];
      let done = false;
      const started = performance.now();
      const analysis = call("POST", "/api/v1/analysis", viewer, body).then(async (r) => {
        done = true;
        return { status: r.status, json: (await r.json()) as { ruleCount: number; findings: unknown[] } };
      });
      // Health checks one after another for as long as the analysis runs.
      while (!done) {
        const t = performance.now();
        const h = await call("GET", "/api/v1/health", null);
        await h.text();
        if (!done) latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 25));
      }
      const result = await analysis;
      const took = performance.now() - started;
      expect(result.status).toBe(200);
      expect(result.json.ruleCount).toBe(MAX_RULES);
      latencies.sort((a, b) => a - b);
      const slowest = latencies.at(-1) ?? 0;
      console.log(
        `analysis of ${what} (${MAX_RULES} rules): ${Math.round(took)} ms; ${latencies.length} health checks meanwhile, median ${Math.round(latencies[latencies.length >> 1] ?? 0)} ms, slowest ${Math.round(slowest)} ms`,
      );
      // The analysis took seconds and the server kept answering meanwhile: half the checks within 200 ms, none
      // held for more than a fraction of the analysis (before: every request waited for the whole analysis).
      // On a machine this busy an idle health check alone can take 100 ms, hence no hard 200 ms for the slowest;
      // in a full CI run on 2 cores one check took 367 ms of a 1.4 s analysis (the stall this guards against is
      // one check taking all of it), so the slowest gets half the analysis, never more than a second.
      expect(latencies.length).toBeGreaterThan(5);
      expect(latencies[latencies.length >> 1]).toBeLessThan(200);
      expect(slowest).toBeLessThan(Math.min(1000, took / 2));
    }
  });

  test("while a 10,000-rule create runs, GET /api/v1/health answers with median < 200 ms, slowest < 1 s", async () => {
    test.setTimeout(300_000);
    const body = JSON.stringify({
      source: "blank",
      name: "max-size-create",
      description: "",
      content: content(MAX_RULES),
    });
    const latencies: number[] = [];
    let done = false;
    const started = performance.now();
    const create = call("POST", "/api/v1/rule-sets", admin, body).then(async (r) => {
      done = true;
      return { status: r.status, text: await r.text() };
    });
    // Health checks one after another for as long as the create runs; each one sent meanwhile counts, also one
    // the create held up until it finished (that is the stall this guards against).
    while (!done) {
      const t = performance.now();
      const h = await call("GET", "/api/v1/health", null);
      await h.text();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 25));
    }
    const result = await create;
    const took = performance.now() - started;
    expect(result.status, result.text.slice(0, 300)).toBe(201);
    const { id } = JSON.parse(result.text) as { id: string };
    const stored = (await (await call("GET", `/api/v1/rule-sets/${id}`, viewer)).json()) as {
      content: { rules: unknown[] };
    };
    expect(stored.content.rules).toHaveLength(MAX_RULES);
    latencies.sort((a, b) => a - b);
    const median = latencies[latencies.length >> 1] ?? 0;
    const slowest = latencies.at(-1) ?? 0;
    console.log(
      `create of ${MAX_RULES} rules: ${Math.round(took)} ms; ${latencies.length} health checks meanwhile, median ${Math.round(median)} ms, slowest ${Math.round(slowest)} ms`,
    );
    // Before: the one check sent after the body arrived waited for the whole create (5.2 s of 5.4 s).
    expect(slowest).toBeLessThan(1000);
    expect(median).toBeLessThan(200);
    expect(latencies.length).toBeGreaterThan(3);
    expect((await call("DELETE", `/api/v1/rule-sets/${id}`, admin)).status).toBeLessThan(300);
  });

  test("RSS after max-size imports, analyses and exports comes back near where it started", async () => {
    test.setTimeout(300_000);
    const pid = serverPid();
    const file = (i: number) => exportRuleSet({ name: `mem-${i}`, description: "" }, content(MAX_RULES));
    // Warm up every path once (code loaded, caches filled, heap grown to its working size), then measure from there.
    const fresh = rssMb(pid);
    await importAndUse(file(0));
    await settle();
    const baseline = rssMb(pid);
    let peak = baseline;
    for (let i = 1; i <= 3; i++) {
      await importAndUse(file(i));
      peak = Math.max(peak, rssMb(pid));
    }
    await settle();
    const after = rssMb(pid);
    console.log(
      `server RSS: ${fresh} MB before any max-size request, ${baseline} MB after one (warm-up), peak ${peak} MB during 3 max-size imports + analyses + exports, ${after} MB after (+${after - baseline} MB)`,
    );
    // Generous: the attacker's 100,000-rule import left +2,000 MB behind.
    expect(after - baseline).toBeLessThan(250);
  });

  async function importAndUse(file: unknown) {
    const r = await call("POST", "/api/v1/rule-sets", admin, { source: "import", file });
    expect(r.status, (await r.clone().text()).slice(0, 300)).toBe(201);
    const { id } = (await r.json()) as { id: string };
    expect((await call("POST", "/api/v1/analysis", viewer, { ruleSetId: id })).status).toBe(200);
    const text = await call("GET", `/api/v1/rule-sets/${id}/export-text?vendor=mikrotik`, viewer);
    expect(text.status).toBe(200);
    await text.arrayBuffer();
    expect((await call("DELETE", `/api/v1/rule-sets/${id}`, admin)).status).toBeLessThan(300);
  }

  /** Idle workers exit after 20 s; then the heap has had time to shrink. */
  async function settle() {
    await new Promise((r) => setTimeout(r, 25_000));
  }
});

/** The server process listening on the e2e port (started by Playwright through scripts/start.sh). */
function serverPid(): number {
  const port = new URL(base).port;
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const m = /pid=(\d+)/.exec(out);
  if (!m) throw new Error(`no process found listening on port ${port}: ${out}`);
  return Number(m[1]);
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024);
}
