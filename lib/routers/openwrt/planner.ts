/**
 * The OpenWrt FirewallPlanner (driver.ts push contract). Pure: no I/O. Plans need a LiveFirewall read by this
 * driver (it carries the `uci export` text: zones, section positions, foreign sections' exact text).
 *
 * Write strategy (docs/rulings.md §7; docs/openwrt-uci.md §9): `uci batch` re-reads the config and every staged
 * delta for each line, so its cost is about lines × sections; `uci import` parses once (0.38 s for 2,000
 * rules). docs/openwrt-costs.md measured 0.73 ms/line for 600 lines onto a small config and 30 ms/line for 12,000: roughly
 * 15–30 µs per section read per line. A batch is used while lines × (sections in the file + lines/12) stays
 * under 25,000 section reads (about 0.5 s, the cost of one import round), else one import op replaces the
 * whole config, every foreign section byte-exact. Both are one op: one fw4 check, one commit, all or nothing.
 */
import { createHash } from "node:crypto";
import type { RuleSetContent } from "@/lib/rules/schema";
import {
  DriverError,
  type CompileIssue,
  type CompileOptions,
  type CompileResult,
  type DesiredFirewall,
  type FirewallChange,
  type FirewallPlanner,
  type LiveFirewall,
  type PlanOptions as DriverPlanOptions,
  type PushPlan,
  type VendorOp,
} from "../driver";
import { compileRuleSet, setSectionSpec } from "./compile-rules";
import { ZONE_FIELD } from "./compile-nat";
import { roleZoneIssues } from "./compile-roles";
import { proposeOpenWrtRoles } from "./propose-roles";
import { decompileOpenWrt, exportUci, importUci } from "./import-firewall";
import { runningOf, uciExportOf } from "./live-firewall";
import { runningChanges, setsOfSpecs, syncOp } from "./running-changes";
import { isManagedName, parseManagedName, type IpFamily } from "./managed-names";
import { claimChanges, claimedItems, claimSections } from "./ownership";
import { planSections, type SectionPlan } from "./plan-sections";
import { liveRules } from "./live-rules";
import { resultingChain } from "./resulting-chain";
import { placementOfSections } from "./section-gaps";
import { specFromFields, specFromSection, type SectionSpec } from "./section-spec";
import { parseUciExport, type UciSection } from "./uci-export-parse";
import { resolveZoneFields, withDesiredZones, zonesOf, type ZoneInfo } from "./zones";

export const BATCH_BUDGET = 25_000;
export type WriteStrategy = "batch" | "import";
export interface PlanOptions extends DriverPlanOptions {
  /** Force a strategy (benchmarks, tests); default: chosen from the cost model above. */
  strategy?: WriteStrategy;
}

/** An import op's first wire line; a restore that gives taken-over sections back says how many it re-adds. */
export const IMPORT_HEADER =
  /^# rampart: uci import firewall, base sha256 ([0-9a-f]{64})(?:, gives back (\d+) sections?)?$/;
const importHeader = (baseExport: string, givesBack = 0) =>
  `# rampart: uci import firewall, base sha256 ${sha256(baseExport)}${givesBack ? `, gives back ${givesBack} section${givesBack === 1 ? "" : "s"}` : ""}`;
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function chooseStrategy(lines: number, sectionsInFile: number): WriteStrategy {
  return lines * (sectionsInFile + lines / 12) <= BATCH_BUDGET ? "batch" : "import";
}

function currentSections(live: LiveFirewall): { text: string; sections: UciSection[] } {
  const text = uciExportOf(live);
  if (text === undefined) {
    throw new DriverError(
      "protocol",
      "this firewall state was not read by the OpenWrt driver (no uci export text); read the router again to plan",
    );
  }
  return { text, sections: parseUciExport(text) };
}

const FIELD_OF = { src: "inInterface", dest: "outInterface" } as const;

type WantResult =
  | { ok: true; want: SectionSpec[] }
  | { ok: false; issues: { ruleId: string | null; field: string; message: string }[] };

/** Desired items -> the managed sections in order: sets (by first appearance) then rules, zones resolved. */
function wantedSections(desired: DesiredFirewall, liveZones: ZoneInfo[]): WantResult {
  const zones = withDesiredZones(liveZones, desired);
  const sets = new Map<string, { family: IpFamily; entries: string[] }>();
  const rules: SectionSpec[] = [];
  const issues: { ruleId: string | null; field: string; message: string }[] = [];
  for (const item of desired.items) {
    if (item.kind === "address-list-entry") {
      const name = item.fields[".set"];
      const family: IpFamily = item.fields.family === "ipv6" ? "ipv6" : "ipv4";
      const s = sets.get(name) ?? { family, entries: [] };
      if (item.fields.address !== undefined && !s.entries.includes(item.fields.address))
        s.entries.push(item.fields.address);
      sets.set(name, s);
      continue;
    }
    const resolved = resolveZoneFields(item.fields, zones);
    if (!resolved.ok) {
      // a NAT item names its own field (`nat.<i>.inInterface`); a rule's is its chain side
      const field = item.fields[ZONE_FIELD] ?? FIELD_OF[resolved.option];
      issues.push({ ruleId: item.ruleId, field, message: resolved.message });
      continue;
    }
    rules.push(specFromFields(resolved.fields, item.key));
  }
  // a rule may reference a set no entry item named (hand-built desired): it must still exist
  for (const r of rules) {
    const ipset = new Map(r.options).get("ipset");
    const set = typeof ipset === "string" ? ipset.replace(/^!/, "").split(" ")[0] : null;
    const p = set ? parseManagedName(set) : null;
    if (set && p?.kind === "set" && !sets.has(set)) sets.set(set, { family: p.family, entries: [] });
  }
  if (issues.length) return { ok: false, issues };
  const setSpecs = [...sets].map(([name, s]) => setSectionSpec(name, s.family, s.entries));
  return { ok: true, want: [...setSpecs, ...rules] };
}

/**
 * A raw zone or defaults section may not sit beside the router's own of the same zone (or a second defaults):
 * fw4 would read two policies for one zone. Taking the router's one over (import with claims) renames it instead.
 */
function refuseSecondPolicy(sections: UciSection[], want: SectionSpec[]): void {
  const foreign = sections.filter((s) => !isManagedName(s.name));
  for (const w of want) {
    const name = new Map(w.options).get("name");
    const clash =
      w.type === "defaults"
        ? foreign.find((s) => s.type === "defaults")
        : w.type === "zone"
          ? foreign.find((s) => s.type === "zone" && s.options.get("name") === name)
          : undefined;
    if (clash)
      throw new DriverError(
        "router-error",
        `${w.name}: the router has its own ${w.type === "zone" ? `zone ${String(name)}` : "defaults"} section (${clash.ref}); ` +
          "a second one would give fw4 two policies. Import from this router to take it over, or remove the raw rule",
      );
  }
}

function wantOrThrow(desired: DesiredFirewall, sections: UciSection[]): SectionSpec[] {
  const w = wantedSections(desired, zonesOf(sections));
  if (!w.ok) {
    const i = w.issues[0];
    throw new DriverError("router-error", `rule ${i.ruleId}, ${i.field}: ${i.message}`);
  }
  return w.want;
}

function summary(p: SectionPlan): string {
  const parts = (["add", "change", "remove", "move"] as const)
    .filter((k) => p.counts[k])
    .map(
      (k) =>
        `${p.counts[k]} ${k === "add" ? "added" : k === "change" ? "changed" : k === "remove" ? "removed" : "moved"}`,
    );
  return parts.join(", ") || "reorder Rampart's sections";
}

function toPushPlan(p: SectionPlan, baseExport: string, baseStateHash: string, opts: PlanOptions): PushPlan {
  // an import must keep every foreign section in place, so moving one back below Rampart's block is a batch
  const strategy = p.foreignMoves > 0 ? "batch" : (opts.strategy ?? chooseStrategy(p.lines.length, p.sectionsInFile));
  let ops: VendorOp[] = [];
  if (p.lines.length > 0 && strategy === "batch") {
    ops = [
      { label: `uci batch: ${summary(p)} (${p.lines.length} line${p.lines.length === 1 ? "" : "s"})`, wire: p.lines },
    ];
  } else if (p.lines.length > 0) {
    ops = [
      {
        label: `uci import firewall: ${summary(p)}; the whole config is replaced, foreign sections kept byte for byte (a batch would need ${p.lines.length} lines)`,
        wire: [importHeader(baseExport), ...p.afterText.split("\n")],
      },
    ];
  }
  return { ops, changes: p.changes, counts: p.counts, baseStateHash, placement: p.placement };
}

/** Sections moved with no rule-level change to show (sets): still say something, so "in sync" is honest. */
function withSetMoves(p: SectionPlan): SectionPlan {
  if (p.lines.length === 0 || p.changes.length > 0) return p;
  const change: FirewallChange = { kind: "move", ruleId: null, description: "reorder Rampart's address-list sets" };
  return { ...p, changes: [change], counts: { ...p.counts, move: 1 } };
}

/** The managed sections of a state, in order, with their exact texts when the export is known. */
function managedSectionsOf(state: LiveFirewall): { want: SectionSpec[]; texts: Map<string, string> } {
  const text = uciExportOf(state);
  if (text !== undefined) {
    const managed = parseUciExport(text).filter((s) => isManagedName(s.name));
    return { want: managed.map(specFromSection), texts: new Map(managed.map((s) => [s.name!, s.text])) };
  }
  // a state without the export text (stored elsewhere): rules from their raw options, sets from their entries
  const want: SectionSpec[] = [];
  const sets = new Map<string, SectionSpec>();
  for (const item of state.items) {
    if (item.managedId === null || item.dynamic) continue;
    if (item.kind === "filter") want.push(specFromFields(item.raw, item.ref));
    else {
      const name = item.raw[".ref"];
      let spec = sets.get(name);
      if (!spec) {
        const p = parseManagedName(name);
        spec = setSectionSpec(name, p?.kind === "set" ? p.family : (item.family ?? "ipv4"), []);
        sets.set(name, spec);
        want.push(spec);
      }
      const entry = spec.options.find(([k]) => k === "entry");
      if (entry && Array.isArray(entry[1])) entry[1].push(item.raw.address);
      else spec.options.push(["entry", [item.raw.address]]);
    }
  }
  return { want, texts: new Map() };
}

/**
 * Where the kernel's copy of Rampart's sets and rules differs from the router's own config (the section diffs
 * cover config vs wanted, so nothing is counted twice). `anything`: Rampart wants something on this router.
 */
function kernelChanges(
  live: LiveFirewall,
  sections: UciSection[],
  anything: boolean,
  configChanges: FirewallChange[],
): FirewallChange[] {
  const configured = sections.filter((s) => isManagedName(s.name)).map(specFromSection);
  const touched = new Set(configChanges.map((c) => c.ruleId).filter((id) => id !== null));
  const ruleLevel = configChanges.some((c) => c.ruleId !== null);
  // A rule the config itself differs on is one difference already; while the config's order differs, which rule
  // the kernel's order blames is arbitrary. Rules added by hand with nft (no rule id) are always said.
  return runningChanges(runningOf(live), setsOfSpecs(configured), anything || configured.length > 0, sections).filter(
    (c) => c.ruleId === null || (!touched.has(c.ruleId) && (c.kind !== "move" || !ruleLevel)),
  );
}

/**
 * A plan that also covers the kernel: its differences are listed, and when the config itself needs no change
 * one op reloads the firewall and makes the sets exact (every apply ends with that step).
 */
function withRunning(plan: PushPlan, live: LiveFirewall, want: SectionSpec[]): PushPlan {
  const running = kernelChanges(live, currentSections(live).sections, want.length > 0, plan.changes);
  if (running.length === 0) return plan;
  const counts = { ...plan.counts };
  for (const c of running) counts[c.kind]++;
  return {
    ...plan,
    ops: plan.ops.length ? plan.ops : [syncOp(running.length)],
    changes: [...plan.changes, ...running],
    counts,
  };
}

export interface OpenWrtPlanner extends FirewallPlanner {
  plan(live: LiveFirewall, desired: DesiredFirewall, opts?: PlanOptions): PushPlan;
  restorePlan(current: LiveFirewall, before: LiveFirewall, opts?: PlanOptions): PushPlan;
  /** compile() plus the zone mapping against a live config: unknown interfaces become CompileIssues. */
  compileFor(content: RuleSetContent, live: LiveFirewall, opts?: CompileOptions): CompileResult;
  liveIssues(
    content: RuleSetContent,
    desired: DesiredFirewall,
    live: LiveFirewall,
    opts?: CompileOptions,
  ): CompileIssue[];
}

export const openWrtPlanner: OpenWrtPlanner = {
  compile(content, live, opts) {
    return live ? this.compileFor(content, live, opts) : compileRuleSet(content, opts?.roles);
  },

  compileFor(content, live, opts) {
    const compiled = compileRuleSet(content, opts?.roles);
    if (!compiled.ok) return compiled;
    const issues = this.liveIssues(content, compiled.desired, live, opts);
    return issues.length ? { ok: false, issues } : compiled;
  },

  liveIssues(content, desired, live, opts) {
    const zones = zonesOf(currentSections(live).sections);
    const missing = roleZoneIssues(content, opts?.roles, zones);
    if (missing.length) return missing;
    const w = wantedSections(desired, zones);
    if (w.ok) return [];
    const index = new Map(content.rules.map((r, i) => [r.id, i]));
    return w.issues.map((i) => ({ ...i, ruleIndex: i.ruleId === null ? null : (index.get(i.ruleId) ?? null) }));
  },

  plan(live, desired, opts = {}) {
    const cur = currentSections(live);
    const want = wantOrThrow(desired, cur.sections);
    const claims = claimSections(cur.sections, want, opts.claims ?? []);
    refuseSecondPolicy(claims.sections, want);
    const p = withSetMoves(planSections(claims.sections, want, "semantic", undefined, opts.placement));
    if (claims.claimed.length === 0) return withRunning(toPushPlan(p, cur.text, live.stateHash, opts), live, want);
    // The renames go first: every later line names the section by its new name. Always a batch: an import
    // text cannot say "this foreign section is now Rampart's", and apply refuses one that drops a foreign section.
    const changes = claimChanges(p.changes, claims.claimed);
    const counts = { add: 0, change: 0, remove: 0, move: 0 };
    for (const c of changes) counts[c.kind]++;
    const plan = toPushPlan(
      { ...p, lines: [...claims.renames, ...p.lines], changes, counts },
      cur.text,
      live.stateHash,
      { strategy: "batch" },
    );
    return { ...withRunning(plan, live, want), claimed: claimedItems(claims.claimed) };
  },

  compare(live, desired, opts = {}) {
    const cur = currentSections(live);
    const want = wantOrThrow(desired, cur.sections);
    const sections = withSetMoves(planSections(cur.sections, want, "semantic", undefined, opts.placement)).changes;
    return [...sections, ...kernelChanges(live, cur.sections, want.length > 0, sections)];
  },

  restorePlan(current, before, opts = {}) {
    const cur = currentSections(current);
    const back = givenBackText(cur.sections, before);
    if (back !== null) {
      // Sections the push took over were renamed; uci cannot make a section anonymous again, so the restore is
      // `before`'s own export, imported whole (what the revert timer does too).
      const changes: FirewallChange[] = [
        {
          kind: "change",
          ruleId: null,
          description: `give ${back.count} taken-over section${back.count === 1 ? "" : "s"} back and restore Rampart's sections as before the push`,
        },
      ];
      const label = `uci import firewall: the config exactly as before the push (gives back ${back.count} taken-over section${back.count === 1 ? "" : "s"})`;
      return {
        ops: [{ label, wire: [importHeader(cur.text, back.count), ...back.text.split("\n")] }],
        changes,
        counts: { add: 0, change: 1, remove: 0, move: 0 },
        baseStateHash: current.stateHash,
      };
    }
    const { want, texts } = managedSectionsOf(before);
    // back between the same foreign rule sections as in `before`, whatever the recorded placement says
    const beforeText = uciExportOf(before);
    const placement = beforeText === undefined ? undefined : placementOfSections(parseUciExport(beforeText));
    const p = withSetMoves(planSections(cur.sections, want, "exact", texts, placement));
    return withRunning(toPushPlan(p, cur.text, current.stateHash, opts), current, want);
  },

  resultingChain,
  liveRules,
  decompile: decompileOpenWrt,
  proposeRoles: proposeOpenWrtRoles,
  exportText: exportUci,
  importText: importUci,
};

/**
 * When `before` had foreign sections that are gone from the current foreign sections while every current
 * foreign section is still there in order (a push took some over: renamed them to managed names), the text to
 * import to give them back: `before`'s export. Null when nothing was taken over, or `before` has no export text.
 */
function givenBackText(current: UciSection[], before: LiveFirewall): { text: string; count: number } | null {
  const text = uciExportOf(before);
  if (text === undefined) return null;
  const was = parseUciExport(text)
    .filter((s) => !isManagedName(s.name))
    .map((s) => s.text);
  const now = current.filter((s) => !isManagedName(s.name)).map((s) => s.text);
  if (was.length <= now.length) return null;
  let j = 0;
  for (const t of was) if (j < now.length && t === now[j]) j++;
  return j === now.length ? { text, count: was.length - now.length } : null;
}
