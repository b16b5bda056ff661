import { checkRawRule, rawListOption } from "@/lib/routers/raw-rules";
import { parsePorts, formatPorts } from "@/lib/rules/ports";
import { formatRawProps, parseRawProps, type RawRule } from "@/lib/rules/raw-rule";
import { natRuleSchema, type NatRule } from "@/lib/rules/schema";

/** The NAT form's text fields, as typed; parsed into a NatRule on Apply with a message per field. */
export type NatDraft = {
  id: string;
  kind: NatRule["kind"];
  protocol: "tcp" | "udp" | "any";
  inInterface: string;
  outInterface: string;
  source: string;
  destination: string;
  ports: string;
  toAddress: string;
  toPort: string;
  comment: string;
  enabled: boolean;
  /** A vendor raw NAT rule: its vendor and type, edited as property text (`rawText`); null for a modelled one. */
  raw: Pick<RawRule, "vendor" | "type"> | null;
  rawText: string;
};

export function draftOf(n: NatRule): NatDraft {
  const addresses = (m: NatRule["src"]) =>
    m.kind === "addresses" ? m.values.join(", ") : m.kind === "list" ? m.list : "";
  return {
    id: n.id,
    kind: n.kind,
    protocol: n.protocol === "tcp" || n.protocol === "udp" ? n.protocol : "any",
    inInterface: n.inInterface ?? "",
    outInterface: n.outInterface ?? "",
    source: addresses(n.src),
    destination: addresses(n.dst),
    ports: formatPorts(n.dstPorts),
    toAddress: n.toAddress,
    toPort: n.toPort === null ? "" : String(n.toPort),
    comment: n.comment,
    enabled: n.enabled,
    raw: n.raw ? { vendor: n.raw.vendor, type: n.raw.type } : null,
    rawText: n.raw ? formatRawProps(n.raw.props) : "",
  };
}

export type DraftResult = { ok: true; rule: NatRule } | { ok: false; errors: Record<string, string> };

/**
 * Text -> NatRule through the model's own schema, so the form says exactly what a save would refuse, at the
 * field. `lists`: names of the set's address lists (a bare name in source/destination is a list).
 */
export function parseDraft(d: NatDraft, lists: readonly string[], base: NatRule): DraftResult {
  if (d.raw) return parseRawDraft(d, d.raw, base);
  const errors: Record<string, string> = {};
  const ports = d.ports.trim() === "" ? { ok: true as const, ranges: [] } : parsePorts(d.ports);
  if (!ports.ok) errors.ports = ports.message;
  const match = (text: string) => {
    const t = text.trim();
    if (t === "") return { kind: "any" as const };
    if (lists.includes(t)) return { kind: "list" as const, list: t, negate: false };
    return {
      kind: "addresses" as const,
      values: t
        .split(/[\s,]+/)
        .map((v) => v.trim())
        .filter(Boolean),
      negate: false,
    };
  };
  const toPort = d.toPort.trim() === "" ? null : Number(d.toPort.trim());
  if (toPort !== null && !Number.isInteger(toPort)) errors.toPort = `${d.toPort.trim()} is not a port number`;
  const candidate = {
    ...base,
    kind: d.kind,
    protocol: d.protocol,
    inInterface: d.kind === "port-forward" && d.inInterface.trim() ? d.inInterface.trim() : null,
    outInterface: d.kind !== "port-forward" && d.outInterface.trim() ? d.outInterface.trim() : null,
    src: match(d.source),
    dst: match(d.destination),
    dstPorts: ports.ok ? ports.ranges : [],
    toAddress: d.kind === "masquerade" ? "" : d.toAddress.trim(),
    toPort: d.kind === "port-forward" && !errors.toPort ? toPort : null,
    comment: d.comment,
    enabled: d.enabled,
  };
  const parsed = natRuleSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[String(issue.path[0])] ?? "kind";
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, rule: parsed.data! };
}

/**
 * A raw NAT rule: the property text back to props, checked against its vendor's NAT grammar as a preview would
 * (problems at the properties field); only comment and enabled besides, its modelled fields kept as they were.
 */
function parseRawDraft(d: NatDraft, raw: Pick<RawRule, "vendor" | "type">, base: NatRule): DraftResult {
  const errors: Record<string, string> = {};
  const parsed = parseRawProps(d.rawText, (name) => rawListOption(raw.vendor, raw.type, name));
  const props = parsed.ok ? parsed.props : {};
  if (!parsed.ok) errors.raw = parsed.message;
  else {
    const issues = checkRawRule({ ...raw, props }, "ipv4", "nat");
    if (issues.length) errors.raw = issues.map((i) => i.message).join("; ");
  }
  const result = natRuleSchema.safeParse({ ...base, comment: d.comment, enabled: d.enabled, raw: { ...raw, props } });
  if (!result.success)
    for (const issue of result.error.issues) errors[issue.path[0] === "comment" ? "comment" : "raw"] ??= issue.message;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, rule: result.data! };
}

/** Model field -> form field. */
const FIELD_OF: Record<string, string> = {
  kind: "kind",
  protocol: "protocol",
  inInterface: "inInterface",
  outInterface: "outInterface",
  src: "source",
  dst: "destination",
  dstPorts: "ports",
  toAddress: "toAddress",
  toPort: "toPort",
  comment: "comment",
  family: "kind",
};
