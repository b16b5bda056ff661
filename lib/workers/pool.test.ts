import { describe, expect, it } from "vitest";
import { allOperations } from "@/lib/api/operations";
import type { Operation } from "@/lib/api/operation";
import { sampleRuleSet } from "@/tests/support/sample-rule-set";
import { MAX_RULES_PER_RULE_SET } from "@/lib/rules/limits";
import { OFF_THREAD_BODY_SCHEMAS } from "./body-schemas";
import { runOffThread } from "./pool";

describe("off-thread request bodies", () => {
  it("each operation marked bodyOffThread has its own body schema in the worker's list, and only those are listed", () => {
    const marked = (allOperations as unknown as Operation[]).filter((op) => op.bodyOffThread);
    expect(marked.map((op) => op.id).sort()).toEqual(Object.keys(OFF_THREAD_BODY_SCHEMAS).sort());
    for (const op of marked) expect(OFF_THREAD_BODY_SCHEMAS[op.id], op.id).toBe(op.body);
  });
});

describe("runOffThread", () => {
  it("analyses a rule set of the maximum size on a worker while this thread keeps answering", async () => {
    // As the API gets it: the request body's text, validated and analysed in one go on the worker.
    const text = JSON.stringify({ content: sampleRuleSet(MAX_RULES_PER_RULE_SET, 1) });
    await runOffThread("parseBody", { operationId: "analyzeRuleSet", text: "{}" }); // the worker is up
    let maxGap = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const r = await runOffThread("analysisRequest", { operationId: "analyzeRuleSet", text });
    clearInterval(tick);
    const took = performance.now() - started;
    console.log(
      `analysis of ${MAX_RULES_PER_RULE_SET} rules on a worker: ${Math.round(took)} ms; longest pause of this thread: ${Math.round(maxGap)} ms`,
    );
    expect(r.ok && r.analysis?.ruleCount).toBe(MAX_RULES_PER_RULE_SET);
    expect(r.ok && r.analysis!.findings.length).toBeGreaterThan(0);
    // The work itself took far longer than any pause here (copying the text and the findings is all this thread does).
    expect(took).toBeGreaterThan(4 * maxGap);
    expect(maxGap).toBeLessThan(200);
  }, 120_000);

  it("a body the worker refuses comes back as a value with the field path, and a failing task as a rejection", async () => {
    expect(
      await runOffThread("parseBody", { operationId: "analyzeRuleSet", text: '{"ruleSetId":"x\\ud800"}' }),
    ).toEqual({
      ok: false,
      code: "validation_failed",
      message: "The request body is not valid.",
      issues: [{ path: "ruleSetId", message: expect.stringContaining("unpaired") }],
    });
    await expect(runOffThread("parseBody", { operationId: "nope", text: "{}" })).rejects.toThrow(
      "no off-thread body schema for nope",
    );
    await expect(runOffThread("analyze", { text: "not json", where: "revision x" })).rejects.toThrow(
      "revision x: stored content is not JSON",
    );
  });
});
