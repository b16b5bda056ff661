export { openWrtDriver } from "./openwrt-driver";
export { openWrtPlanner } from "./planner";
export { quoteUciValue, uciSetLine, uciAddListLine, uciDeleteLine, assertUciName, UciValueError } from "./uci-quote";
export { MANAGED_PREFIX } from "./live-firewall";
