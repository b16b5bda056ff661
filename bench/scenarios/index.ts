import type { Scenario } from "../types";
import { healthSweep } from "./health-sweep";
import { pollerMemory } from "./poller-memory";
import { routerOsPush } from "./routeros-push";
import { shadowAnalysis } from "./shadow-analysis";

/** In the order. */
export const SCENARIOS: Scenario[] = [routerOsPush, healthSweep, shadowAnalysis, pollerMemory];
