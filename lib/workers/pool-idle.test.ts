import { expect, it } from "vitest";

// A short idle time, read when the pool module loads.
process.env.RAMPART_WORKER_IDLE_MS = "40";

it("an idle worker exits; a job that arrives as it retires runs on a new one instead of being lost with it", async () => {
  const { runOffThread, workerCount } = await import("./pool");
  expect(await runOffThread("parseBody", { operationId: "analyzeRuleSet", text: "{}" })).toMatchObject({
    ok: false,
    code: "validation_failed",
  });
  expect(workerCount()).toBe(1);
  // Jobs sent around the moment the idle timer fires: every one must answer.
  for (const wait of [30, 38, 40, 42, 45, 60]) {
    await new Promise((r) => setTimeout(r, wait));
    expect(
      await runOffThread("parseBody", { operationId: "analyzeRuleSet", text: '{"ruleSetId":"x"}' }),
      `after ${wait} ms`,
    ).toEqual({ ok: true, data: { ruleSetId: "x" } });
  }
  await new Promise((r) => setTimeout(r, 500));
  expect(workerCount()).toBe(0);
}, 120_000);
