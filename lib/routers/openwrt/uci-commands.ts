/**
 * Every command line the driver ever sends. They are fixed constants: user data only travels on stdin
 * (openwrt-uci-fw4.md §7), and exec() accepts nothing but these.
 */
export const UCI_COMMANDS = {
  exportFirewall: "uci export firewall",
  changesFirewall: "uci changes firewall",
  batch: "uci batch",
  revertFirewall: "uci revert firewall",
  commitFirewall: "uci commit firewall",
  fw4Check: "fw4 check",
  fw4Reload: "fw4 reload",
  board: "ubus call system board",
  serviceFirewallData: `ubus call service get_data '{"type":"firewall"}'`,
  releaseFiles: "cat /etc/openwrt_release /tmp/sysinfo/model",
  procStats: "cat /proc/uptime /proc/loadavg; grep -c ^processor /proc/cpuinfo",
} as const;

export type UciCommand = (typeof UCI_COMMANDS)[keyof typeof UCI_COMMANDS];
