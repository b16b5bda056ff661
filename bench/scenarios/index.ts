import type { Scenario } from "../types";
import { healthSweep } from "./health-sweep";
import { pollerMemory } from "./poller-memory";
import { routerOsChangeOne } from "./routeros-change-one";
import { routerOsPush } from "./routeros-push";
import { routerOsReorder } from "./routeros-reorder";
import { shadowAnalysis } from "./shadow-analysis";

/** In the order. */
export const SCENARIOS: Scenario[] = [routerOsPush, routerOsChangeOne, routerOsReorder, healthSweep, shadowAnalysis, pollerMemory];
