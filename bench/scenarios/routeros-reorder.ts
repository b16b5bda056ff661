import type { RuleSetContent } from "@/lib/rules/schema";
import { int, ms, times } from "../support/format";
import { driftAfter, fullRepush, incrementalPush, routerOsPlanner, withPlanFixture } from "../support/plan-fixture";
import { benchRuleSet } from "../support/rule-sets";
import { notAvailable, type Scenario } from "../types";
import { strip } from "./routeros-change-one";

export const routerOsReorder: Scenario = {
  id: "routeros-reorder",
  title: (s) => `reorder: move the last rule to the top of ${int(s.planRules)} (RouterOS)`,
  baseline: () => "full re-push",
  target: () => "1 move op",
  async run(ctx) {
    if (!routerOsPlanner()) return notAvailable("the RouterOS driver has no planner");
    const n = ctx.sizes.planRules;
    const before = benchRuleSet(n);
    const after: RuleSetContent = { ...before, rules: [before.rules[n - 1], ...before.rules.slice(0, n - 1)] };
    return withPlanFixture(ctx.sizes.rttMs / 2, async (f) => {
      await incrementalPush(f, before);
      const inc = await incrementalPush(f, after);
      const incDrift = await driftAfter(f, after);
      const order = f.peer.rows("ip/firewall/filter").map((r) => r.comment ?? "");
      const lastOnTop = order[0]?.startsWith(`rampart:${before.rules[n - 1].id}`) ?? false;
      const full = await fullRepush(f, after);
      const fullDrift = await driftAfter(f, after);
      ctx.log(
        `reorder: incremental ${inc.writeOps} ops ${JSON.stringify(inc.plan.counts)}, full re-push ${full.writeOps} ops`,
      );
      const c = inc.plan.counts;
      const oneMove = inc.writeOps === 1 && c.move === 1 && c.add + c.change + c.remove === 0;
      return {
        measured: `${inc.writeOps} op (${JSON.stringify(c).replace(/"/g, "")}); ${times(full.writeMs / inc.writeMs)} faster writes (${ms(inc.writeMs)} vs ${ms(full.writeMs)})`,
        verdict: oneMove && lastOnTop && incDrift === 0 && fullDrift === 0 ? "PASS" : "FAIL",
        note: [
          lastOnTop ? "the peer's first filter row is the moved rule" : "the moved rule is NOT first on the peer",
          incDrift || fullDrift ? "router not in sync afterwards" : "router read back in sync",
        ].join("; "),
        details: {
          rules: n,
          incremental: strip(inc),
          fullRepush: strip(full),
          lastOnTop,
          driftAfterIncremental: incDrift,
          driftAfterFull: fullDrift,
        },
      };
    });
  },
};
