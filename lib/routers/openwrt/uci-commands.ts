/**
 * Every command line the driver ever sends. They are fixed constants: user data only travels on stdin
 * (openwrt-uci-fw4.md §7), and exec() accepts nothing but these.
 */
/**
 * The revert timer (openwrt-uci-fw4.md §5, LuCI-style variant: keep a copy, commit, reload; the watchdog
 * restores the copy). stdin: "<pushId> <seconds>" on the first line, then the config text to restore.
 * Both values are checked again here, so nothing unchecked ever reaches a path or `sleep`. OpenWrt's busybox has
 * no nohup/setsid: the watchdog is a background subshell that ignores HUP and holds none of the channel's fds,
 * so it outlives the SSH session (dropbear does not kill exec children). It sleeps in a child whose pid it
 * records, so disarm can wake it; restore vs disarm are serialised with flock.
 */
const ARM_REVERT = `umask 077
read -r id secs rest || exit 2
case "$id" in ''|*[!a-z0-9]*) echo "rampart: bad push id" >&2; exit 2;; esac
case "$secs" in ''|*[!0-9]*) echo "rampart: bad delay" >&2; exit 2;; esac
[ -z "$rest" ] || exit 2
d=/tmp/rampart-revert.$id
mkdir "$d" || { echo "rampart: a revert timer for this push is already armed" >&2; exit 3; }
cat > "$d/firewall" || { rm -rf "$d"; echo "rampart: could not keep the copy" >&2; exit 3; }
( trap '' HUP INT
  sleep "$secs" & echo $! > "$d/sleep.pid"; wait $!
  exec 9>/tmp/rampart-revert.lock; flock 9
  if [ -e "$d/firewall" ] && [ ! -e "$d/disarmed" ]; then
    uci -q revert firewall
    if uci import firewall < "$d/firewall"; then fw4 -q reload; logger -t rampart "push $id was not confirmed: previous firewall restored"
    else logger -t rampart "push $id was not confirmed: restoring the previous firewall FAILED"; fi
  fi
  rm -rf "$d"
) </dev/null >/dev/null 2>&1 &
echo $! > "$d/pid"
echo armed`;

/** stdin: "<pushId>". Exit 4 = nothing armed (it already fired, or never was). */
const DISARM_REVERT = `read -r id rest || exit 2
case "$id" in ''|*[!a-z0-9]*) echo "rampart: bad push id" >&2; exit 2;; esac
d=/tmp/rampart-revert.$id
exec 9>/tmp/rampart-revert.lock; flock 9
[ -d "$d" ] || { echo "rampart: no revert timer is armed for this push; it may already have restored the previous firewall" >&2; exit 4; }
touch "$d/disarmed"; rm -f "$d/firewall"
n=0; while [ ! -s "$d/sleep.pid" ] && [ $n -lt 50 ]; do usleep 100000 2>/dev/null || sleep 1; n=$((n+1)); done
sp=$(cat "$d/sleep.pid" 2>/dev/null); [ -n "$sp" ] && kill "$sp" 2>/dev/null
pid=$(cat "$d/pid" 2>/dev/null)
flock -u 9
n=0; while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $n -lt 50 ]; do usleep 100000 2>/dev/null || sleep 1; n=$((n+1)); done
rm -rf "$d"
echo disarmed`;

export const UCI_COMMANDS = {
  exportFirewall: "uci export firewall",
  importFirewall: "uci import firewall",
  armRevert: ARM_REVERT,
  disarmRevert: DISARM_REVERT,
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
