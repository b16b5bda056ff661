import { peerNow, type PeerState } from "./peer-state";
import type { Row } from "./query";
import { formatDate, formatDuration, formatTime } from "./routeros-time";
import { RouterTrap, TRAP } from "./trap";

/** Singleton menus (docs/routeros-api-protocol.md §7): /system/resource, /system/identity, /system/clock. */
export function runSystemCommand(
  state: PeerState,
  menu: string,
  verb: string,
  args: Record<string, string>,
): Row[] | null {
  if (menu === "system/resource" && verb === "print") return [resourceRow(state)];
  if (menu === "system/identity") {
    if (verb === "print") return [{ name: state.identity }];
    if (verb === "set") {
      if (args.name === undefined) throw new RouterTrap(TRAP.missing(["name"]), 1);
      state.identity = args.name;
      return [];
    }
  }
  if (menu === "system/clock" && verb === "print") {
    const now = peerNow(state);
    return [
      {
        time: formatTime(now),
        date: formatDate(now, state.version),
        "time-zone-autodetect": "false",
        "time-zone-name": "UTC",
        "gmt-offset": "+00:00",
        "dst-active": "false",
      },
    ];
  }
  if (["system/resource", "system/identity", "system/clock"].includes(menu))
    throw new RouterTrap(TRAP.noSuchCommand, 0);
  return null;
}

function resourceRow(state: PeerState): Row {
  return {
    uptime: formatDuration(Date.now() - state.bootedAt),
    version: state.version,
    "build-time": "2025-01-16 08:19:28",
    "factory-software": "7.1",
    "free-memory": "912162816",
    "total-memory": "1073741824",
    cpu: "QEMU",
    "cpu-count": "2",
    "cpu-frequency": "2400",
    "cpu-load": "3",
    "free-hdd-space": "94851072",
    "total-hdd-space": "134217728",
    "architecture-name": "x86_64",
    "board-name": state.boardName,
    platform: "MikroTik",
  };
}
