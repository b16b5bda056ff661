export { openWrtDriver } from "./openwrt-driver";
export { quoteUciValue, uciSetLine, uciAddListLine, uciDeleteLine, assertUciName, UciValueError } from "./uci-quote";
export { MANAGED_PREFIX } from "./live-firewall";
