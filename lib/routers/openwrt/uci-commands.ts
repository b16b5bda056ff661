/**
 * Every command line the driver ever sends. They are fixed constants: user data only travels on stdin
 * (docs/openwrt-uci.md §7), and exec() accepts nothing but these.
 */
/**
 * Rampart's sets in the kernel made exact (docs/openwrt-uci.md §4): `fw4 reload` only ADDS to the elements a set
 * already holds and leaves sets it no longer declares in the table, so after it `fw4 reload-sets` refills every
 * set that has entries (flush + add), and one `nft -f` transaction flushes Rampart's sets the config declares
 * empty (reload-sets skips those) and deletes Rampart's sets the config no longer declares. Rampart's nft set
 * name is its ipset section's name (managed-names.ts). Between `fw4 reload` and the end of this step (the same
 * exec, milliseconds) a removed element still matches, as it did under the old firewall.
 */
const SYNC_SETS = `fw4 -q reload-sets || echo "rampart: fw4 reload-sets failed" >&2
f=$(mktemp /tmp/rampart-sets.XXXXXX) && g=$(mktemp /tmp/rampart-sets.XXXXXX) || { echo "rampart: mktemp failed" >&2; exit 3; }
uci -q show firewall | awk -F= '
  $2 == "ipset" && $1 ~ /^firewall[.]rampart_set_[A-Za-z0-9_]+$/ { d[substr($1, 10)] = 1 }
  $1 ~ /^firewall[.]rampart_set_[A-Za-z0-9_]+[.]entry$/ { split($1, p, "."); e[p[2]] = 1 }
  END { for (n in d) print ((n in e) ? "full" : "empty"), n }' > "$g"
nft -t list table inet fw4 2>/dev/null | awk -v decl="$g" '
  BEGIN { while ((getline l < decl) > 0) { split(l, w, " "); k[w[2]] = w[1] } }
  $1 == "set" && $2 ~ /^rampart_set_/ { if (!($2 in k)) print "delete set inet fw4 " $2; else if (k[$2] == "empty") print "flush set inet fw4 " $2 }' > "$f"
if [ -s "$f" ]; then nft -f "$f" || echo "rampart: Error: could not flush or delete Rampart's stale sets" >&2; fi
rm -f "$f" "$g"`;

/** `fw4 reload` (its stderr and exit code as they are), then Rampart's sets made exact. */
const RELOAD_FIREWALL = `fw4 reload
rc=$?
${SYNC_SETS}
exit $rc`;

/**
 * The state a read needs in one round trip. stdin: a boundary token; after each part the script prints a line
 * "<token> <exit code>". Parts: the COMMITTED config (uci reads staged deltas from the save dir, so an empty save
 * dir leaves them out: `uci export` alone would include another admin's staged edits, docs/openwrt-uci.md §3), the staged changes
 * (`uci changes firewall`), and what the kernel holds (`nft -a list table inet fw4`: sets with their elements,
 * chains with their rules and handles).
 */
const READ_STATE = `read -r b rest || exit 2
case "$b" in ''|*[!a-z0-9]*) exit 2;; esac
mkdir -p /tmp/rampart-nostage
uci -t /tmp/rampart-nostage export firewall; printf '\\n%s %s\\n' "$b" "$?"
uci changes firewall; printf '\\n%s %s\\n' "$b" "$?"
nft -a list table inet fw4 2>/dev/null; printf '\\n%s %s\\n' "$b" "$?"`;

/**
 * The revert timer (docs/openwrt-uci.md §5, LuCI-style variant: keep a copy, commit, reload; the watchdog
 * restores the copy). stdin: "<pushId> <seconds>" on the first line, then the config text to restore (the
 * committed config only, never another admin's staged edits). Both values are checked again here, so nothing
 * unchecked ever reaches a path or `sleep`. OpenWrt's busybox has no nohup/setsid (and no mkfifo or usleep to
 * lean on): the watchdog is a background subshell that ignores HUP and holds none of the channel's fds, so it
 * outlives the SSH session (dropbear does not kill exec children). It sleeps in a child and waits for it; TERM
 * (from disarm) kills that child and ends the watchdog. It and its child hold a lock on "$d/alive" for their
 * whole life, so disarm waits for them to be gone by taking that lock: no polling, no busy wait. Restore vs
 * disarm are serialised with flock on /tmp/rampart-revert.lock; the watchdog's pid is written before "armed".
 */
const ARM_REVERT = `umask 077
read -r id secs rest || exit 2
case "$id" in ''|*[!a-z0-9]*) echo "rampart: bad push id" >&2; exit 2;; esac
case "$secs" in ''|*[!0-9]*) echo "rampart: bad delay" >&2; exit 2;; esac
[ -z "$rest" ] || exit 2
d=/tmp/rampart-revert.$id
mkdir "$d" || { echo "rampart: a revert timer for this push is already armed" >&2; exit 3; }
cat > "$d/firewall" || { rm -rf "$d"; echo "rampart: could not keep the copy" >&2; exit 3; }
echo $(( $(date +%s) + secs )) > "$d/fires"
exec 8>"$d/alive"
flock 8
( trap '' HUP INT
  trap 'kill $s 2>/dev/null; exit 0' TERM
  sleep "$secs" & s=$!
  wait $s
  exec 9>/tmp/rampart-revert.lock; flock 9
  trap '' TERM
  if [ -e "$d/firewall" ] && [ ! -e "$d/disarmed" ]; then
    uci -q revert firewall
    if uci import firewall < "$d/firewall"; then
      fw4 -q reload
      ${SYNC_SETS.replace(/\n/g, "\n      ")}
      logger -t rampart "push $id was not confirmed: previous firewall restored"
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
touch "$d/disarmed" "$d/alive"; rm -f "$d/firewall"
exec 8<"$d/alive"
pid=$(cat "$d/pid" 2>/dev/null); [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
exec 9>&-
flock 8
rm -rf "$d"
echo disarmed`;

/**
 * stdin: "<pushId>". Prints "pending" while a timer for the push is armed and not disarmed, else "none". Takes
 * the restore lock, so a restore in progress is finished (the router settled) before "none" is printed.
 */
const REVERT_STATUS = `read -r id rest || exit 2
case "$id" in ''|*[!a-z0-9]*) echo "rampart: bad push id" >&2; exit 2;; esac
d=/tmp/rampart-revert.$id
exec 9>/tmp/rampart-revert.lock; flock 9
if [ -d "$d" ] && [ -e "$d/firewall" ] && [ ! -e "$d/disarmed" ]; then echo pending; else echo none; fi`;

/**
 * Every revert timer of Rampart's on the router, whichever push armed it: one line "<pushId> <timer> <copy>
 * <fires>" per /tmp/rampart-revert.<pushId>, then "end". <timer> 1: its watchdog is alive (it holds the lock on
 * "$d/alive" for its whole life); <copy> 1: the config to restore is there and not disarmed; <fires>: when the
 * watchdog restores, in seconds since the epoch on the router's clock ("-" if not known). Takes the restore lock,
 * so a restore in progress is finished first.
 */
const LIST_REVERTS = `exec 9>/tmp/rampart-revert.lock; flock 9
for d in /tmp/rampart-revert.*; do
  [ -d "$d" ] || continue
  id=\${d#/tmp/rampart-revert.}
  case "$id" in ''|*[!a-z0-9]*) continue;; esac
  t=0; [ -e "$d/alive" ] && ! flock -n "$d/alive" true 2>/dev/null && t=1
  c=0; [ -e "$d/firewall" ] && [ ! -e "$d/disarmed" ] && c=1
  f=$(cat "$d/fires" 2>/dev/null); case "$f" in ''|*[!0-9]*) f=-;; esac
  echo "$id $t $c $f"
done
echo end`;

export const UCI_COMMANDS = {
  exportFirewall: "uci export firewall",
  exportCommitted: "mkdir -p /tmp/rampart-nostage && uci -t /tmp/rampart-nostage export firewall",
  readState: READ_STATE,
  reloadFirewall: RELOAD_FIREWALL,
  revertStatus: REVERT_STATUS,
  listReverts: LIST_REVERTS,
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
