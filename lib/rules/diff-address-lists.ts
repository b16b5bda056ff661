import type { AddressList, AddressListEntry } from "./schema";

export type AddressListDiff =
  | { change: "added"; name: string; entries: AddressListEntry[] }
  | { change: "removed"; name: string; entries: AddressListEntry[] }
  | {
      change: "changed";
      name: string;
      entriesAdded: AddressListEntry[];
      entriesRemoved: AddressListEntry[];
      commentsChanged: { address: string; old: string; new: string }[];
    };

/**
 * Lists match by name and entries by address text. Entry order is not compared: routers treat a list as a set.
 * A renamed list shows as one removed and one added, which is what the rules referring to it experience too.
 */
export function diffAddressLists(before: readonly AddressList[], after: readonly AddressList[]): AddressListDiff[] {
  const afterByName = new Map(after.map((l) => [l.name, l]));
  const beforeByName = new Map(before.map((l) => [l.name, l]));
  const diffs: AddressListDiff[] = [];

  for (const old of before) {
    const next = afterByName.get(old.name);
    if (!next) {
      diffs.push({ change: "removed", name: old.name, entries: old.entries });
      continue;
    }
    const changed = diffEntries(old.entries, next.entries);
    if (changed.entriesAdded.length + changed.entriesRemoved.length + changed.commentsChanged.length > 0) {
      diffs.push({ change: "changed", name: old.name, ...changed });
    }
  }
  for (const next of after) {
    if (!beforeByName.has(next.name)) diffs.push({ change: "added", name: next.name, entries: next.entries });
  }
  return diffs;
}

function diffEntries(before: readonly AddressListEntry[], after: readonly AddressListEntry[]) {
  const oldByAddress = new Map(before.map((e) => [e.address, e]));
  const newByAddress = new Map(after.map((e) => [e.address, e]));
  return {
    entriesAdded: after.filter((e) => !oldByAddress.has(e.address)),
    entriesRemoved: before.filter((e) => !newByAddress.has(e.address)),
    commentsChanged: after.flatMap((e) => {
      const old = oldByAddress.get(e.address);
      return old && old.comment !== e.comment ? [{ address: e.address, old: old.comment, new: e.comment }] : [];
    }),
  };
}
