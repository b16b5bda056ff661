import type { Scenario } from "../types";
import { editor } from "./editor";
import { fleetPush } from "./fleet-push";
import { openWrtPush } from "./openwrt-push";
import { healthSweep } from "./health-sweep";
import { driftCheckCpu, healthCompaction, healthList, healthScaleSweep, routerPage } from "./health-scale";
import { pollerMemory } from "./poller-memory";
import { routerOsChangeOne } from "./routeros-change-one";
import { routerOsPush } from "./routeros-push";
import { routerOsReorder } from "./routeros-reorder";
import { shadowAnalysis } from "./shadow-analysis";

/** In the order. */
export const SCENARIOS: Scenario[] = [routerOsPush, openWrtPush, routerOsChangeOne, routerOsReorder, fleetPush, healthSweep, editor, shadowAnalysis, pollerMemory, healthScaleSweep, driftCheckCpu, healthList, routerPage, healthCompaction];
