export { createMikrotikDriver, mikrotikDriver, type MikrotikDriverOptions } from "./mikrotik-driver";
export { formatManagedComment, listManagedId, parseManagedComment, type ManagedComment } from "./managed-comment";
export { RosConnection, type RosConnectOptions, type RosTls } from "./routeros-client";
export { mikrotikPlanner } from "./planner";
export { compileRuleSet } from "./compile-rules";
