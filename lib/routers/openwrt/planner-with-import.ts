import type { Driver } from "../driver";
import { openWrtConversions } from "./import-firewall";
import { openWrtDriver } from "./openwrt-driver";
import { openWrtPlanner } from "./planner";

/**
 * The OpenWrt driver with import/export (decompile, uci export text) on its planner. Kept apart while the
 * planner itself was being finished in planner.ts; fold `openWrtConversions` into `openWrtPlanner` there.
 */
export const openWrtDriverWithImport: Driver = { ...openWrtDriver, planner: { ...openWrtPlanner, ...openWrtConversions } };
