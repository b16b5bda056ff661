export { createMikrotikDriver, mikrotikDriver, type MikrotikDriverOptions } from "./mikrotik-driver";
export { formatManagedComment, parseManagedComment, type ManagedComment } from "./managed-comment";
export { RosConnection, type RosConnectOptions, type RosTls } from "./ros-connection";
