// The kernel side of the stand-in: what `table inet fw4` holds after the loads so far (var/fw4/kernel.json),
// and the state file fw4 writes at each full load for `fw4 reload-sets`. Real fw4/nft behaviour imitated
// (docs/openwrt-uci.md §4, §8 item 4b):
// - `fw4 reload` is one `nft -f` of `flush table inet fw4` + the table. `flush table` empties chains, not sets,
//   and a set declared again with `elements = { … }` gets those elements ADDED: elements removed from uci stay
//   matchable (openwrt/openwrt#13028). A set the new load no longer declares stays in the table, elements and all.
// - `fw4 start|restart` deletes the table first: everything is exactly the new load.
// - `fw4 reload-sets` flushes and refills each set from the state file of the last full load, skipping (not
//   flushing) a set with no entries there.
// - Every chain and rule gets a handle, a number unique in the table that `nft -a list` prints as `# handle N`
//   and `nft delete rule … handle N` names; a flush and a reload renumber nothing already there, so new ones
//   continue from the highest given (the kernel's per-table handle counter).
import fs from "node:fs";
import { rootPath } from "./standin-env.mjs";

const KERNEL = () => rootPath("var/fw4/kernel.json");
const STATE = () => rootPath("var/fw4/state.json");

/**
 * { sets: [{ name, type, flags, elements }], chains: [text], nextHandle } or null when the table does not exist.
 * Each chain text's header and rule lines end in ` # handle N` (stripped unless listed with -a).
 */
export function readTable() {
  try {
    return JSON.parse(fs.readFileSync(KERNEL(), "utf8"));
  } catch {
    return null;
  }
}

export function writeTable(table) {
  fs.mkdirSync(rootPath("var/fw4"), { recursive: true });
  if (table === null) fs.rmSync(KERNEL(), { force: true });
  else fs.writeFileSync(KERNEL(), JSON.stringify(table));
}

/** A full load of `sets` and `chains`: `replace` for start/restart, else reload's add-to-what-is-there. */
export function loadTable(sets, chains, { replace }) {
  const old = replace ? null : readTable();
  const next = sets.map((s) => {
    const had = old?.sets.find((o) => o.name === s.name);
    const elements = had ? [...had.elements, ...s.elements.filter((e) => !had.elements.includes(e))] : [...s.elements];
    return { ...s, elements };
  });
  // sets this load does not declare survive the flush
  for (const o of old?.sets ?? []) if (!sets.some((s) => s.name === o.name)) next.push(o);
  const counter = { next: old?.nextHandle ?? 1 };
  writeTable({ sets: next, chains: chains.map((c) => withHandles(asListed(c), counter)), nextHandle: counter.next });
  fs.writeFileSync(STATE(), JSON.stringify({ sets: sets.map((s) => ({ name: s.name, entries: s.elements })) }));
}

/**
 * NAT statements as nft lists them back: fw4 writes `dnat 192.168.1.10:80` and `snat 203.0.113.5` in its inet
 * table (nft takes the family from the address) and `redirect to 26`; the kernel prints `dnat ip to …`,
 * `snat ip to …` and `redirect to :26`.
 */
export function asListed(chainText) {
  return chainText
    .replace(/ (dnat|snat) (\[[^\]]*\](?::\S+)?|[0-9a-f]*:[0-9a-f:]*:[0-9a-f]*)(?= comment| #|$)/gm, " $1 ip6 to $2")
    .replace(/ (dnat|snat) (\d+\.\d+\.\d+\.\d+(?::\S+)?)(?= comment| #|$)/gm, " $1 ip to $2")
    .replace(/ redirect to (\d+(?:-\d+)?)(?= comment| #|$)/gm, " redirect to :$1");
}

/** fw4 reload-sets. Returns false when there is no state (never loaded). */
export function reloadSets() {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(STATE(), "utf8"));
  } catch {
    return false;
  }
  const table = readTable();
  if (!table) return false;
  for (const s of state.sets) {
    if (s.entries.length === 0) continue; // main.uc reload_sets: nothing to load, so the set is not touched
    const set = table.sets.find((x) => x.name === s.name);
    if (set) set.elements = [...s.entries];
  }
  writeTable(table);
  return true;
}

export function dropTable() {
  writeTable(null);
  fs.rmSync(STATE(), { force: true });
}

/** A rendered chain text with a fresh handle on its header and on each rule line. */
export function withHandles(chainText, counter) {
  return chainText
    .split("\n")
    .map((line) =>
      /^\tchain \S+ \{$/.test(line) || /^\t\t\S/.test(line) ? `${line} # handle ${counter.next++}` : line,
    )
    .join("\n");
}
