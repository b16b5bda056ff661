import { describe, expect, it } from "vitest";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import { analyzeRuleSet } from "@/lib/rules/analysis";
import { runOffThread, warmedUp } from "./pool";
import { WARM_UP_RUNS, warmUpRuleSet } from "./warm-up";

describe("worker warm-up", () => {
  it("analyses valid, crowded rule sets: shadowed, redundant and needed rules of both families", () => {
    for (let seed = 1; seed <= WARM_UP_RUNS; seed++) {
      const content = warmUpRuleSet(seed);
      expect(ruleSetContentSchema.safeParse(content).success).toBe(true);
      const kinds = new Set(analyzeRuleSet(content).findings.map((f) => f.kind));
      expect(kinds).toContain("redundant");
      expect([...kinds].some((k) => k.startsWith("shadowed"))).toBe(true);
      expect(new Set(content.rules.map((r) => r.family))).toEqual(new Set(["ipv4", "ipv6", "both"]));
    }
  });

  it("runs between jobs: a job sent while a new worker warms up is answered, and the warm-up then ends", async () => {
    const answer = await runOffThread("analyze", { content: warmUpRuleSet(99, 20) });
    expect(answer.ruleCount).toBe(20);
    await warmedUp();
  });
});
