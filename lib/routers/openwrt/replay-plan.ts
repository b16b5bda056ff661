import { DriverError, type LiveFirewall, type PushPlan } from "../driver";
import { uciExportOf } from "./live-firewall";
import { isSyncOp } from "./running-changes";
import { parseUciExport, words, type UciSection } from "./uci-export-parse";

const IMPORT_OP = "# rampart: uci import firewall";

/**
 * The firewall config as uci holds it once `plan.ops` ran on `live`, section order
 * included: an import op is the whole config text; a batch line `set S=type` adds a section at the end (or retypes
 * one), `set S.o=v` writes an option, `add_list`/`del_list` add or drop a list item (`del_list` drops every equal
 * item), `delete` drops a section or option, `reorder S=n` puts the section at absolute index n, `rename R=N`
 * names a section (R may be `@type[i]`, counted among sections of that type). A sync op changes no config.
 * Only what the planner writes is replayed; a line naming a section that is not there throws.
 */
export function sectionsAfterPlan(live: LiveFirewall, plan: PushPlan): UciSection[] {
  const text = uciExportOf(live);
  if (text === undefined)
    throw new DriverError("protocol", "this firewall state was not read by the OpenWrt driver (no uci export text)");
  let sections = parseUciExport(text).map(copy);
  for (const op of plan.ops) {
    if (isSyncOp(op)) continue;
    if (op.wire[0]?.startsWith(IMPORT_OP)) {
      sections = parseUciExport(op.wire.slice(1).join("\n")).map(copy);
      continue;
    }
    for (const line of op.wire) sections = applyLine(sections, line);
  }
  return withRefs(sections);
}

const copy = (s: UciSection): UciSection => ({
  ...s,
  options: new Map([...s.options].map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])),
});

function applyLine(sections: UciSection[], line: string): UciSection[] {
  const [verb, arg] = words(line);
  if (verb === undefined || arg === undefined) return sections;
  const eq = arg.indexOf("=");
  const path = eq < 0 ? arg : arg.slice(0, eq);
  const value = eq < 0 ? undefined : arg.slice(eq + 1);
  const [pkg, ref, option] = /^([^.]+)\.((?:@[a-z]+\[\d+\])|[^.]+)(?:\.(.+))?$/.exec(path)?.slice(1) ?? [];
  if (pkg !== "firewall" || ref === undefined) throw new Error(`replay: '${line}' is not a firewall line`);
  const at = findRef(sections, ref);
  if (verb === "set" && option === undefined) {
    if (at < 0) sections.push({ type: value!, name: ref, ref, options: new Map(), text: "" });
    else sections[at].type = value!;
    return sections;
  }
  if (at < 0) throw new Error(`replay: '${line}' names section ${ref}, which is not there`);
  const s = sections[at];
  if (verb === "delete") {
    if (option === undefined) sections.splice(at, 1);
    else s.options.delete(option);
  } else if (verb === "set") s.options.set(option!, value!);
  else if (verb === "add_list") {
    const prev = s.options.get(option!);
    s.options.set(option!, [...(prev === undefined ? [] : [prev].flat()), value!]);
  } else if (verb === "del_list") {
    const prev = s.options.get(option!);
    if (prev !== undefined)
      s.options.set(
        option!,
        [prev].flat().filter((x) => x !== value),
      );
  } else if (verb === "reorder") {
    sections.splice(at, 1);
    sections.splice(Math.min(Number(value), sections.length), 0, s);
  } else if (verb === "rename") s.name = value!;
  else throw new Error(`replay: unknown verb ${verb}`);
  return withRefs(sections);
}

function findRef(sections: UciSection[], ref: string): number {
  const m = /^@([a-z]+)\[(\d+)\]$/.exec(ref);
  if (!m) return sections.findIndex((s) => s.name === ref);
  let n = -1;
  return sections.findIndex((s) => s.type === m[1] && ++n === Number(m[2]));
}

/** Anonymous sections' refs as uci counts them now (index among sections of the type, named ones counted). */
function withRefs(sections: UciSection[]): UciSection[] {
  const count = new Map<string, number>();
  for (const s of sections) {
    const i = count.get(s.type) ?? 0;
    count.set(s.type, i + 1);
    s.ref = s.name ?? `@${s.type}[${i}]`;
  }
  return sections;
}
