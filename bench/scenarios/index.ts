import type { Scenario } from "../types";
import { editor } from "./editor";
import { fleetPush, fleetPushLarge } from "./fleet-push";
import { openWrtPush } from "./openwrt-push";
import { planStorage } from "./plan-storage";
import { healthSweep } from "./health-sweep";
import { driftCheckCpu, healthCompaction, healthList, healthScaleSweep, routerPage } from "./health-scale";
import { pollerMemory } from "./poller-memory";
import { routerOsChangeOne } from "./routeros-change-one";
import { openWrtChangeOneE2e, routerOsChangeOneE2e } from "./change-one-e2e";
import { routerOsPush } from "./routeros-push";
import { routerOsReorder } from "./routeros-reorder";
import { shadowAnalysis, shadowAnalysisHeavy } from "./shadow-analysis";

/** In the order. */
export const SCENARIOS: Scenario[] = [
  routerOsPush,
  openWrtPush,
  routerOsChangeOne,
  routerOsChangeOneE2e,
  openWrtChangeOneE2e,
  routerOsReorder,
  fleetPush,
  fleetPushLarge,
  planStorage,
  healthSweep,
  editor,
  shadowAnalysis,
  shadowAnalysisHeavy,
  pollerMemory,
  healthScaleSweep,
  driftCheckCpu,
  healthList,
  routerPage,
  healthCompaction,
];
