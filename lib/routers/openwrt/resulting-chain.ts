import { parseAddressSpec } from "@/lib/rules/address";
import { makeRule } from "@/lib/rules/make-rule";
import { ruleSchema, type AddressList, type Rule, type RuleSetContent } from "@/lib/rules/schema";
import type { ChainRow, LiveFirewall, PushPlan, ResultingChain } from "../driver";
import { dstnatRows } from "./dstnat-rows";
import { items, rulePieces, sectionLabel, str } from "./import-firewall";
import { runningOf } from "./live-firewall";
import { isManagedName, parseManagedName, type IpFamily } from "./managed-names";
import { sectionsAfterPlan } from "./replay-plan";
import type { UciSection } from "./uci-export-parse";

/**
 * The filter chains as fw4 will render them once the plan ran (docs/openwrt-fw4-chains.md), one flat list of rows
 * per family and direction, in the order a packet meets them:
 *
 *   input   lo accept, established/related accept, [invalid drop], [syn_flood], rules with `src '*'`, then per
 *           zone (file order) its rules, [port-forward accept], and the zone's input policy; end: defaults.input
 *   forward established/related accept, [invalid drop], `src '*'` rules with a dest, then per zone its rules,
 *           [port-forward accept], its forwardings, and its forward policy (traffic leaving through the same
 *           zone); end: defaults.forward
 *   output  lo accept, established/related accept, [invalid drop], rules without src and dest (or dest '*'),
 *           then per zone its rules and its output policy; end: defaults.output
 *
 * fw4 jumps from the main chain into `input_<zone>` by the arriving device, so flattening is exact: a zone's rows
 * carry that zone as their interface (the zone's first network, as the import names it) and match only its
 * packets. Rules registered by services come before the config's rule sections (fw4 loads them first).
 * Rows that cannot be evaluated (an option the model does not hold, a set fw4 or the kernel fills, an include of
 * custom nft) say why; sections fw4 never renders into the filter chains (disabled, other targets, unknown zones)
 * are not rows.
 */
type Dir = "input" | "forward" | "output";
const DIRS: Dir[] = ["input", "forward", "output"];
const FAMILIES: IpFamily[] = ["ipv4", "ipv6"];
const OFF = new Set(["0", "off", "false", "no"]);
const ON = new Set(["1", "on", "true", "yes"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp"]);

type Verdict = ChainRow["verdict"];
type Origin = ChainRow["origin"];

interface Zone {
  name: string;
  iface: string;
  family: IpFamily | null;
  policy: Record<Dir, string | undefined>;
  /** Why the zone's own match (devices and subnets) cannot be evaluated, else null. */
  unevaluable: string | null;
}

/** One row before it is numbered: `rule` without id and family is filled per family. */
interface Pending {
  origin: Origin;
  ruleId: string | null;
  label: string;
  verdict: Verdict;
  families: IpFamily[];
  rules: Map<IpFamily, Rule[]> | null;
  unevaluable: string | null;
}

export function resultingChain(live: LiveFirewall, plan: PushPlan, content: RuleSetContent): ResultingChain {
  const sections = sectionsAfterPlan(live, plan);
  const defaults = sections.find((s) => s.type === "defaults");
  const def = (k: string) => (defaults ? str(defaults, k) : undefined);
  const zones = zonesOf(sections, def);
  const zoneByName = new Map(zones.map((z) => [z.name, z]));
  const ifaceOf = (zone: string) => zoneByName.get(zone)?.iface ?? zone;
  const sets = new Map<string, UciSection>();
  for (const s of sections) if (s.type === "ipset" && enabled(s)) sets.set(str(s, "name") ?? s.name ?? s.ref, s);
  const byId = new Map(content.rules.map((r) => [r.id, r]));

  // rule-like entries in fw4's order: services' rules, then the config's rule sections
  const entries: { section: UciSection; origin: Origin }[] = [
    ...live.items
      .filter((i) => i.dynamic && i.kind === "filter")
      .map((i) => ({ section: serviceSection(i.ref, i.raw), origin: "built-in" as const })),
    ...sections
      .filter((s) => s.type === "rule")
      .map((s) => ({ section: s, origin: isManagedName(s.name) ? ("rampart" as const) : ("router" as const) })),
  ];
  const buckets = new Map<string, Pending[]>();
  const bucket = (dir: Dir, zone: string | null) => {
    const k = `${dir} ${zone ?? "*"}`;
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = []));
    return b;
  };
  for (const { section, origin } of entries) {
    const place = placeOf(section, zoneByName);
    if (!place || !enabled(section)) continue;
    const row = ruleRow(section, origin, byId, ifaceOf, sets);
    if (row) bucket(place.dir, place.zone).push(row);
  }

  const includes = sections.filter((s) => s.type === "include" && enabled(s)).map(includeRow);
  const redirectZones = new Set(
    sections
      .filter((s) => s.type === "redirect" && enabled(s) && (str(s, "target") ?? "DNAT").toUpperCase() === "DNAT")
      .map((s) => str(s, "src")),
  );
  const forwardings = sections.filter((s) => s.type === "forwarding" && enabled(s));

  const rows: ChainRow[] = [];
  for (const family of FAMILIES) {
    for (const dir of DIRS) {
      const list: Pending[] = [...includes];
      const builtIn = (label: string, verdict: Verdict, fields: Partial<Rule>) =>
        row("built-in", label, verdict, { chain: dir, ...fields });
      if (dir !== "forward")
        list.push(
          builtIn(dir === "input" ? "Accept traffic from loopback" : "Accept traffic towards loopback", "accept", {
            [dir === "input" ? "inInterface" : "outInterface"]: "lo",
          }),
        );
      list.push(
        builtIn(
          `Allow ${dir === "input" ? "inbound" : dir === "output" ? "outbound" : "forwarded"} established and related flows`,
          "accept",
          { states: ["established", "related"] },
        ),
      );
      if (on(def("drop_invalid")))
        list.push(builtIn("Drop flows with invalid conntrack state", "drop", { states: ["invalid"] }));
      if (dir === "input" && (on(def("syn_flood")) || on(def("synflood_protect")))) {
        list.push({
          ...builtIn(
            "Rate limit TCP syn packets (drops new TCP connections only above the syn_flood rate)",
            "continue",
            {},
          ),
          rules: null,
        });
      }
      list.push(...(buckets.get(`${dir} *`) ?? []));
      for (const z of zones) {
        if (z.family && z.family !== family) continue;
        list.push(...(buckets.get(`${dir} ${z.name}`) ?? []));
        if (dir !== "output" && redirectZones.has(z.name)) {
          list.push({
            ...builtIn(`Accept port forwards into zone ${z.name}`, "accept", {}),
            rules: null,
            unevaluable:
              "matches connections the router port-forwarded (ct status dnat), which the rule model does not hold",
          });
        }
        if (dir === "forward") {
          for (const f of forwardings) {
            const dest = str(f, "dest");
            if (str(f, "src") !== z.name || !dest || !zoneByName.has(dest)) continue;
            list.push(
              row("router", `forwarding ${z.name} → ${dest}`, "accept", {
                chain: dir,
                inInterface: z.iface,
                outInterface: ifaceOf(dest),
              }),
            );
          }
        }
        const verdict = policyVerdict(z.policy[dir]);
        const where =
          dir === "input"
            ? { inInterface: z.iface }
            : dir === "output"
              ? { outInterface: z.iface }
              : { inInterface: z.iface, outInterface: z.iface };
        const label = `zone ${z.name}: ${dir} policy ${(z.policy[dir] ?? "DROP").toUpperCase()}`;
        const p =
          verdict === "unknown"
            ? {
                ...builtIn(label, "other", {}),
                rules: null,
                unevaluable: `policy ${z.policy[dir]} is not ACCEPT, DROP or REJECT`,
              }
            : builtIn(label, verdict, where);
        list.push(z.unevaluable ? { ...p, rules: null, unevaluable: z.unevaluable } : p);
      }
      let position = 0;
      for (const p of list) {
        if (!p.families.includes(family)) continue;
        const ofFamily = p.rules?.get(family) ?? null;
        if (p.rules && !ofFamily?.length) continue;
        for (const rule of ofFamily ?? [null]) {
          rows.push({
            family,
            chain: dir,
            position: ++position,
            origin: p.origin,
            ruleId: p.ruleId,
            label: p.label,
            verdict: p.verdict,
            rule: rule ? { ...rule, chain: dir } : null,
            unevaluable: p.unevaluable,
          });
        }
      }
    }
  }
  const policies = FAMILIES.flatMap((family) =>
    DIRS.map((chain) => ({ family, chain, verdict: policyVerdict(def(chain)) })),
  );
  return { rows, policies, addressLists: addressLists(sections, live), dstnat: dstnatRows(sections, ifaceOf) };
}

const enabled = (s: UciSection) => !OFF.has((str(s, "enabled") ?? "1").toLowerCase());
const on = (v: string | undefined) => v !== undefined && ON.has(v.toLowerCase());

/** fw4's policy words; absent means DROP (docs/openwrt-fw4-chains.md §2). */
function policyVerdict(v: string | undefined): "accept" | "drop" | "reject" | "unknown" {
  const w = (v ?? "DROP").toUpperCase();
  return w === "ACCEPT" ? "accept" : w === "DROP" ? "drop" : w === "REJECT" ? "reject" : "unknown";
}

function zonesOf(sections: UciSection[], def: (k: string) => string | undefined): Zone[] {
  return sections
    .filter((s) => s.type === "zone" && typeof str(s, "name") === "string" && enabled(s))
    .map((s) => {
      const networks = items(s, "network");
      const devices = items(s, "device");
      const fam = str(s, "family");
      const odd = ["subnet", "extra", "extra_src", "extra_dest"].filter((k) => s.options.has(k));
      const name = str(s, "name")!;
      return {
        name,
        iface: networks[0] ?? devices[0] ?? name,
        family: fam === "ipv4" || fam === "ipv6" ? fam : null,
        policy: {
          input: str(s, "input") ?? def("input"),
          output: str(s, "output") ?? def("output"),
          forward: str(s, "forward") ?? def("forward"),
        },
        unevaluable: odd.length
          ? `zone ${name} also matches by ${odd.join(", ")}, which the rule model does not hold`
          : null,
      };
    });
}

/** Which chain fw4 renders a rule section into (docs/openwrt-fw4-chains.md §1); null when it names a zone that is not there. */
function placeOf(s: UciSection, zones: Map<string, Zone>): { dir: Dir; zone: string | null } | null {
  const src = str(s, "src");
  const dest = str(s, "dest");
  const known = (z: string | undefined) => z === undefined || z === "*" || zones.has(z);
  if (!known(src) || !known(dest)) return null;
  if (src !== undefined && dest !== undefined) return { dir: "forward", zone: src === "*" ? null : src };
  if (src !== undefined) return { dir: "input", zone: src === "*" ? null : src };
  return { dir: "output", zone: dest === undefined || dest === "*" ? null : dest };
}

function row(origin: Origin, label: string, verdict: Verdict, fields: Partial<Rule>): Pending {
  const families: IpFamily[] = [...FAMILIES];
  if (verdict === "continue" || verdict === "other")
    return { origin, ruleId: null, label, verdict, families, rules: null, unevaluable: null };
  const rules = new Map(
    FAMILIES.map((f) => [f, [makeRule({ action: verdict, family: f, protocol: "any", ...fields }, () => "rbuiltin0")]]),
  );
  return { origin, ruleId: null, label, verdict, families, rules, unevaluable: null };
}

function includeRow(s: UciSection): Pending {
  const what = str(s, "path") ?? s.name ?? s.ref;
  return {
    origin: "router",
    ruleId: null,
    label: `include ${what}`,
    verdict: "other",
    families: [...FAMILIES],
    rules: null,
    unevaluable: `include ${what} adds custom nftables rules (or runs a script), which the rule model cannot read; they may decide any packet`,
  };
}

function targetVerdict(s: UciSection): Verdict | null {
  const t = (str(s, "target") ?? "").toUpperCase();
  if (t === "") return "continue"; // a counting-only rule
  const hit = (["ACCEPT", "DROP", "REJECT"] as const).find((w) => w.startsWith(t));
  return hit ? (hit.toLowerCase() as Verdict) : null; // NOTRACK, HELPER, MARK, DSCP: rendered outside the filter chains
}

function ruleRow(
  s: UciSection,
  origin: Origin,
  byId: Map<string, Rule>,
  ifaceOf: (z: string) => string,
  sets: Map<string, UciSection>,
): Pending | null {
  const verdict = targetVerdict(s);
  if (verdict === null) return null;
  const managed = origin === "rampart" ? parseManagedName(s.name!) : null;
  const mine = managed?.kind === "rule" ? byId.get(managed.ruleId) : undefined;
  const label = mine
    ? mine.comment || sectionLabel(s)
    : origin === "built-in"
      ? `service rule ${str(s, "name") ?? s.ref}`
      : sectionLabel(s);
  const ruleId = mine?.id ?? null;
  const families = familiesOf(s, sets);
  if (verdict === "continue") return { origin, ruleId, label, verdict, families, rules: null, unevaluable: null };
  const pieces = rulePieces(s, label, managed?.kind === "rule" ? managed : null, ifaceOf, sets);
  if ("reason" in pieces) {
    const reason =
      pieces.field && /has no equivalent/.test(pieces.reason)
        ? `option ${pieces.field} has no equivalent in Rampart's rule model, so what the section matches cannot be evaluated`
        : pieces.reason;
    return { origin, ruleId, label, verdict, families, rules: null, unevaluable: reason };
  }
  const rules = new Map<IpFamily, Rule[]>();
  let unevaluable: string | null = null;
  for (const f of families) {
    const list: Rule[] = [];
    for (const p of pieces) {
      if (p.family !== "both" && p.family !== f) continue;
      // fw4 renders ports only for tcp and udp: with any other protocol they are silently left out
      const ports = typeof p.protocol === "string" && PORT_PROTOCOLS.has(p.protocol);
      const candidate = {
        id: ruleId ?? "rrouter00",
        family: f,
        protocol: p.protocol,
        ...p.base,
        srcPorts: ports ? p.base.srcPorts : [],
        dstPorts: ports ? p.base.dstPorts : [],
      };
      const checked = ruleSchema.safeParse(candidate);
      if (!checked.success)
        unevaluable ??= `the section reads as a rule the model refuses: ${checked.error.issues[0]?.message ?? "invalid"}`;
      else list.push(checked.data);
    }
    rules.set(f, list);
  }
  if (unevaluable) return { origin, ruleId, label, verdict, families, rules: null, unevaluable };
  return {
    origin,
    ruleId,
    label,
    verdict,
    families: families.filter((f) => rules.get(f)!.length > 0),
    rules,
    unevaluable: null,
  };
}

/** The families fw4 renders a rule for: its `family`, else the one its addresses or set are of, else both. */
function familiesOf(s: UciSection, sets: Map<string, UciSection>): IpFamily[] {
  const fam = str(s, "family");
  if (fam === "ipv4" || fam === "ipv6") return [fam];
  const seen = new Set<IpFamily>();
  for (const v of [...items(s, "src_ip"), ...items(s, "dest_ip")]) {
    const a = parseAddressSpec(v.replace(/^!/, ""));
    if (a.ok) seen.add(a.family);
  }
  const ipset = str(s, "ipset");
  const set = ipset ? sets.get(ipset.replace(/^!\s*/, "").split(/\s+/)[0]) : undefined;
  if (set) seen.add(str(set, "family") === "ipv6" ? "ipv6" : "ipv4");
  const protos = items(s, "proto").map((p) => p.toLowerCase());
  if (protos.length > 0 && protos.every((p) => p === "icmpv6" || p === "ipv6-icmp")) seen.add("ipv6");
  return seen.size === 1 ? [...seen] : [...FAMILIES];
}

/** A service's rule (procd data, values already joined) as a section, so it reads like a config rule. */
function serviceSection(ref: string, raw: Record<string, string>): UciSection {
  const options = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith(".") && k !== "type") options.set(k, v);
  return { type: "rule", name: null, ref, options, text: "" };
}

/** The sets as model address lists per family; sets the router or the kernel fills are unevaluable. */
function addressLists(sections: UciSection[], live: LiveFirewall): ResultingChain["addressLists"] {
  const running = runningOf(live);
  const out = FAMILIES.map((family) => ({
    family,
    lists: [] as AddressList[],
    unevaluable: [] as { name: string; reason: string }[],
  }));
  for (const s of sections) {
    if (s.type !== "ipset") continue;
    const setName = str(s, "name") ?? s.name ?? s.ref;
    const parsed = s.name ? parseManagedName(s.name) : null;
    const name = parsed?.kind === "set" ? parsed.list : setName;
    const family: IpFamily = str(s, "family") === "ipv6" ? "ipv6" : "ipv4";
    const target = out.find((o) => o.family === family)!;
    const entries = items(s, "entry");
    const bad = (reason: string) => target.unevaluable.push({ name, reason });
    const match = items(s, "match");
    if (target.lists.some((l) => l.name === name)) bad(`two sets read as list ${name}`);
    if (!enabled(s)) bad(`set ${setName} is disabled: fw4 skips it and every rule that uses it`);
    else if (s.options.has("loadfile")) bad(`set ${setName} also loads entries from a file on the router`);
    else if (s.options.has("timeout")) bad(`set ${setName} has timed entries the router adds and removes itself`);
    else if (match.length !== 1 || !/^((src|dest|dst)_)?(ip|net)$/.test(match[0]))
      bad(`set ${setName} matches ${match.join(" ") || "nothing"}, not one address field`);
    else if (entries.some((e) => !parseAddressSpec(e).ok))
      bad(`set ${setName} holds an entry that is not an address or prefix`);
    else if (!isManagedName(s.name) && entries.length === 0 && (running?.sets[setName]?.length ?? 0) > 0) {
      bad(`the running firewall's set ${setName} holds elements its config does not list (fw4 reload keeps them)`);
    }
    target.lists.push({ name, entries: entries.map((address) => ({ address, comment: "" })) });
  }
  return out;
}
