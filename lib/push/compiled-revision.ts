import type { CompileResult, FirewallPlanner, LiveFirewall } from "@/lib/routers/driver";
import { revisionById, revisionRef, type PushRevision } from "./revision-content";
import { rolesUsed } from "@/lib/rules/interface-roles";
import { roleMapKey, type RoleMap } from "@/lib/routers/roles";

/**
 * Every deployment of a batch pushes the same revision, so a fleet push read, parsed and compiled it once per
 * router: most of a 200-router push's CPU went there. Revisions are immutable and compiling without a live
 * firewall depends on the vendor alone, so both are kept per revision id (and vendor) for the last few
 * revisions. Callers treat what they get as read-only: it is shared by every push of that revision.
 */
const KEEP_REVISIONS = 8;

interface Entry {
  revision: Promise<PushRevision | null>;
  /** Keyed by vendor and, for a rule set using roles, the router's mapping of those roles. */
  compiled: Map<string, CompileResult>;
  roles?: string[];
}

const g = globalThis as unknown as { rampartCompiledRevisions?: Map<string, Entry> };
const cache = (g.rampartCompiledRevisions ??= new Map<string, Entry>());

function entry(revisionId: string): Entry {
  let e = cache.get(revisionId);
  if (e) {
    // Most recently used last, so the oldest is the first key.
    cache.delete(revisionId);
    cache.set(revisionId, e);
    return e;
  }
  e = { revision: revisionById(revisionId), compiled: new Map() };
  cache.set(revisionId, e);
  // A missing revision (or a failed read) is not remembered: it may be a race with its creation.
  e.revision.then(
    (r) => void (r === null && cache.get(revisionId) === e && cache.delete(revisionId)),
    () => void (cache.get(revisionId) === e && cache.delete(revisionId)),
  );
  while (cache.size > KEEP_REVISIONS) cache.delete(cache.keys().next().value!);
  return e;
}

/** The revision with its content parsed; concurrent deployments of one batch share one read. */
export function cachedRevision(revisionId: string): Promise<PushRevision | null> {
  return entry(revisionId).revision;
}

/** cachedRevision by rule set and number (head when omitted): previews of many routers share one parse. */
export async function cachedRevisionOf(ruleSetId: string, number?: number): Promise<PushRevision | null> {
  const ref = await revisionRef(ruleSetId, number);
  const rev = ref ? await cachedRevision(ref.id) : null;
  // The rule set may have been renamed since the revision was cached.
  return rev && ref ? { ...rev, ruleSetName: ref.ruleSetName } : null;
}

/**
 * `planner.compile(revision.content)` for this vendor, computed once per revision (and role mapping: routers
 * mapping the roles the rule set uses alike share one compile).
 */
export function compiledForVendor(
  revision: PushRevision,
  vendor: string,
  planner: FirewallPlanner,
  roles?: RoleMap,
): CompileResult {
  const e = cache.get(revision.id);
  if (!e) return planner.compile(revision.content, undefined, { roles });
  e.roles ??= rolesUsed(revision.content.rules);
  const key = `${vendor}${roleMapKey(roles, e.roles)}`;
  let c = e.compiled.get(key);
  if (!c) {
    c = planner.compile(revision.content, undefined, { roles });
    e.compiled.set(key, c);
  }
  return c;
}

/**
 * `planner.compile(revision.content, live)` from the revision's shared compile: only the issues that depend on
 * the router are worked out per router. A fleet preview compiled the whole rule set again for every router.
 */
export function compiledAgainstLive(
  revision: PushRevision,
  vendor: string,
  planner: FirewallPlanner,
  live: LiveFirewall,
  roles?: RoleMap,
): CompileResult {
  const compiled = compiledForVendor(revision, vendor, planner, roles);
  if (!compiled.ok || !planner.liveIssues) return compiled;
  const issues = planner.liveIssues(revision.content, compiled.desired, live, { roles });
  return issues.length ? { ok: false, issues } : compiled;
}
