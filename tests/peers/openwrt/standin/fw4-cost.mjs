// What firewall4 costs on a real router, as the stand-in's floor (docs/openwrt-costs.md): the compile and the
// nft load grow with the rules rendered. Measured on real fw4 with 2,000 rules: `fw4 check` 2.1 s, `fw4 reload`
// 1.9 s; taken as proportional to the rule count (the only calibration point; the fixed part is unknown and
// the stand-in's own start stands for it).
import { sleepSync } from "./faults.mjs";

export const FW4_MS_PER_RULE = { check: 2100 / 2000, reload: 1900 / 2000 };

/** The real tools' cost of `cmd` with `rules` rule sections; restart and start check, then load. */
export function fw4CostMs(cmd, rules) {
  if (cmd === "check") return rules * FW4_MS_PER_RULE.check;
  if (cmd === "reload") return rules * FW4_MS_PER_RULE.reload;
  if (cmd === "restart" || cmd === "start") return rules * (FW4_MS_PER_RULE.check + FW4_MS_PER_RULE.reload);
  return 0;
}

/** Waits until this process has taken as long as the real command would (its own start and work included). */
export function padToRealCost(cmd, rules) {
  sleepSync(fw4CostMs(cmd, rules) - performance.now());
}
