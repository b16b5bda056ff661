// Where a stand-in process finds its router: OWRT_ROOT (set per peer by sshd's SetEnv) replaces "/".
import path from "node:path";

export const owrtRoot = () => process.env.OWRT_ROOT || "/";
export const rootPath = (...parts) => path.join(owrtRoot(), ...parts);
