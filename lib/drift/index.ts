export { acknowledgeDrift, type AcknowledgeResult } from "./acknowledge";
export { adoptLive, type AdoptResult } from "./adopt";
export { checkDrift, checkDriftNow, markUnreachable, type DriftCheck } from "./check-drift";
export { exportRuleSetText, importRuleSetText } from "./export-text";
export { importFromRouter, type ImportResult } from "./import-router";
export { driftedRoutersOf, fleetDrift, getDriftView } from "./queries";
export { driftViewSchema, type DriftView, type DriftDifference } from "./schemas";
export { getThreeWay, type ThreeWay } from "./three-way";
