import type { Scenario } from "../types";
import { editor } from "./editor";
import { fleetPush } from "./fleet-push";
import { openWrtPush } from "./openwrt-push";
import { planStorage } from "./plan-storage";
import { healthSweep } from "./health-sweep";
import { pollerMemory } from "./poller-memory";
import { routerOsChangeOne } from "./routeros-change-one";
import { routerOsPush } from "./routeros-push";
import { routerOsReorder } from "./routeros-reorder";
import { shadowAnalysis } from "./shadow-analysis";

/** In the order. */
export const SCENARIOS: Scenario[] = [routerOsPush, openWrtPush, routerOsChangeOne, routerOsReorder, fleetPush, planStorage, healthSweep, editor, shadowAnalysis, pollerMemory];
