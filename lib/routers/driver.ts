/**
 * The one interface every router vendor implements. Nothing outside lib/routers/<vendor>/ knows a vendor's
 * words; lib/push plans on top of these verbs. Expected failures come back as DriverError values with a kind
 * the UI can explain; their messages never contain a credential.
 */

/** The vendors of the list in profiles.ts (the one place a vendor is named for the rest of the code). */
export type Vendor = import("./profiles").Vendor;
/** The ways of reaching a router listed in transports.ts. */
export type Transport = import("./transports").Transport;

export interface RouterTarget {
  vendor: Vendor;
  host: string;
  port: number;
  transport: Transport;
  username: string;
  /** Decrypted only in memory, for the life of one connection. */
  password?: string;
  privateKey?: string;
  /** API-SSL: PEM CA to verify against, or a pinned SHA-256 fingerprint ("AB:CD:..."), or explicit anonymous DH. */
  tls?: { caPem?: string; fingerprint256?: string; anonymousDh?: boolean };
  /** SSH: pinned host key fingerprint ("SHA256:base64"); undefined on first connect (then learned). */
  hostKeyFingerprint?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

export type DriverErrorKind =
  | "refused"
  | "timeout"
  | "auth"
  | "tls-mismatch"
  | "host-key-mismatch"
  | "unreachable"
  | "protocol"
  | "router-error"
  | "closed";

export class DriverError extends Error {
  constructor(
    readonly kind: DriverErrorKind,
    message: string,
    /** The router's own error text when it sent one (RouterOS !trap message, uci stderr). */
    readonly routerMessage?: string,
    /** apply(): index of the op that failed (0-based), so the deployment log can point at it. */
    readonly opIndex?: number,
  ) {
    super(message);
    this.name = "DriverError";
  }
}

export interface RouterIdentity {
  /** The router's own name (RouterOS identity, OpenWrt hostname). */
  name?: string;
  version: string;
  model: string;
  uptimeSeconds: number | null;
  cpuLoadPercent: number | null;
  /** Learned on connect (SSH host key, TLS certificate), for pinning on first use. */
  fingerprint?: string;
}

/**
 * A firewall item as the router holds it, already translated to vendor-neutral fields where possible.
 * `raw` keeps the vendor's own key/value pairs so nothing is lost when Rampart cannot represent a field.
 */
export interface LiveFirewallItem {
  /** Router-side id (RouterOS ".id", OpenWrt section name). */
  ref: string;
  kind: FirewallItemKind;
  /** Address family of the table the item lives in; refs are only unique within (kind, family). */
  family?: "ipv4" | "ipv6";
  /** Rampart rule id when Rampart manages this item (from the comment tag / section name), else null. */
  managedId: string | null;
  /** Dynamic or built-in items must never be changed, moved or removed. */
  dynamic: boolean;
  raw: Record<string, string>;
}

/** Filter rows, NAT rows (port forwards, source NAT) and address-list entries. */
export type FirewallItemKind = "filter" | "address-list-entry" | "nat";

export interface LiveFirewall {
  items: LiveFirewallItem[];
  /** Opaque fingerprint of the state read, so a push can refuse when the router changed since preview. */
  stateHash: string;
  /**
   * Uncommitted firewall changes someone staged on the router (OpenWrt: `uci changes firewall` lines); not part
   * of the items (those are the committed config). A push refuses to run over them unless an admin overrides.
   */
  staged?: string[];
  /**
   * The names rules may use as interfaces, read with the tables where the vendor refuses any other (RouterOS:
   * /interface and /interface/list); absent when not read. Not part of stateHash: a dynamic interface coming
   * and going is no change to the firewall.
   */
  interfaceNames?: { interfaces: string[]; lists: string[] };
}

/** One vendor operation, serialisable: shown verbatim in the preview, stored in the deployment log. */
export interface VendorOp {
  /** Human label ("add rule r1a2b3 to input"), vendor words allowed. */
  label: string;
  /** Exactly what goes over the wire: API sentence words, or uci batch lines. */
  wire: string[];
}

export interface ApplyProgress {
  done: number;
  total: number;
}

/** What planner.prepareRevert worked out: the restore as this vendor sends it, for one push id. Read-only, shared. */
export interface PreparedRevert {
  vendor: string;
  restoreFor(pushId: string): string;
}

export interface ArmRevertOptions {
  pushId: string;
  seconds: number;
  claimed?: ClaimedItem[];
  ops?: VendorOp[];
  /** From this vendor's planner.prepareRevert for this same `before`, `claimed` and `ops`. */
  prepared?: PreparedRevert;
  /**
   * What listReverts() said on this session before: when it names nothing of this push, there is nothing of an
   * earlier attempt to replace, and a driver may skip looking (a round trip).
   */
  listed?: PendingRevert[];
}

export interface DriverSession {
  identify(): Promise<RouterIdentity>;
  readFirewall(): Promise<LiveFirewall>;
  /** Runs ops in order; stops at the first failure and rejects with a DriverError naming the op index. */
  apply(ops: VendorOp[], onProgress?: (p: ApplyProgress) => void): Promise<void>;
  /**
   * Arms an on-router timer that, unless disarmed within `seconds`, puts the managed firewall back exactly as
   * `before` (RouterOS: scheduler + script; OpenWrt: detached restore of a kept config + fw4 reload). It must
   * work when Rampart dies or loses the router right after this call. `claimed` (the plan's `claimed`) names the
   * foreign items the push takes over: the timer gives them back as they were, never deletes them. `ops` (the plan's
   * ops) lets a driver restore only what they touch, so the restore is proportional to the change.
   */
  armRevert(before: LiveFirewall, opts: ArmRevertOptions): Promise<void>;
  /** Cancels the timer armed for pushId (the push was verified). */
  disarmRevert(pushId: string): Promise<void>;
  /**
   * Every revert timer or restore script of Rampart's on the router, whichever push left it: read from the router,
   * so a push can find one that outlived its own push (a lost reply, a failed disarm, a restart).
   */
  listReverts(): Promise<PendingRevert[]>;
  /** Removes the timer and script of pushId in whatever state they are; resolves with what was there (null: nothing). */
  clearRevert(pushId: string): Promise<PendingRevert | null>;
  /**
   * Drops the uncommitted firewall changes staged on the router (LiveFirewall.staged): an admin override. Only a
   * vendor that stages changes has it (RouterOS applies each write at once and never reports `staged`).
   */
  discardStaged?(): Promise<void>;
  /** Whether the revert timer armed for pushId is still pending (armed, not disarmed, not yet restored). */
  revertPending(pushId: string): Promise<boolean>;
  /** The source address the router sees this connection come from (for the lockout guard). */
  localAddress(): string | null;
  close(): Promise<void>;
}

/** A revert timer and/or its restore script as the router holds them, named for the push (deployment) that made them. */
export interface PendingRevert {
  pushId: string;
  /** The timer is on the router and has not run: it will restore that push's `before` when it fires. */
  pending: boolean;
  /** The timer entry exists (pending or already run). */
  timer: boolean;
  /** The restore script exists. */
  script: boolean;
  /** When the timer fires, as the router prints it (its own clock); null when not pending or not printed. */
  firesAt: string | null;
}

/**
 * What a vendor is, as plain data the inventory and the UI read instead of comparing vendor names. Client-safe:
 * each vendor folder keeps it in profile.ts, apart from its driver code (lib/routers/profiles.ts lists them).
 */
export interface VendorProfile {
  label: string;
  /** The ways Rampart can manage it; the first is the form's default. */
  transports: readonly Transport[];
  /**
   * How the router proves who it is: "ssh-host-key" is pinned on first connect (trust on first use) and stored
   * with the router; "tls-certificate" is checked against a CA or a pinned certificate fingerprint.
   */
  identity: "ssh-host-key" | "tls-certificate";
  /** It can log in with a private key instead of a password. */
  privateKeyLogin: boolean;
  /** The hand-pasted text its admins know (what the planner's exportText writes and importText reads). */
  textFormat: TextFormat;
  /** Its raw rules' grammar (lib/rules/raw-rule.ts): browser-safe, for the editor and save as for compile. */
  rawGrammar: RawGrammar;
  /** What an interface role can be on this vendor (lib/routers/roles.ts), the first being the usual one. */
  roleTargets: readonly import("./roles").RoleTargetKind[];
}

/** What a vendor's raw rules may hold: `check` gives issues at props (or "type", "family"), [] when valid. */
export interface RawGrammar {
  /** The types a raw filter rule of this vendor may have (RouterOS: "filter"; OpenWrt: uci section types). */
  types: readonly string[];
  /** The types a raw NAT rule may have (RouterOS: "nat"); none where the vendor's NAT is not written yet. */
  natTypes: readonly string[];
  /** The rule's family picks the table the raw rule lives in (RouterOS /ip or /ipv6), so the editor offers it. */
  familyIsTable: boolean;
  /** How the editor's property text is written. */
  hint: string;
  check(type: string, props: Record<string, string | string[]>, family: "ipv4" | "ipv6" | "both"): RawIssue[];
  /** A repeated `name=` line in the property text is one list option. */
  isListOption(type: string, name: string): boolean;
  /**
   * The chain a raw rule is about, from its props: what the editor shows and the analysis groups it by (it
   * decides nothing there, but holds back "redundant" past it in that chain).
   */
  chainOf(type: string, props: Record<string, string | string[]>): "input" | "forward" | "output";
}
export type RawIssue = { prop: string; message: string };

/** A vendor's hand-paste text format, as the import form and messages name it. */
export interface TextFormat {
  label: string;
  /** "RouterOS script": what "is this a …?" asks about. */
  noun: string;
  /** The file input's accept attribute. */
  accept: string;
  extensions: string[];
  hint: string;
  example: string;
}

export interface Driver {
  vendor: Vendor;
  profile: VendorProfile;
  connect(target: RouterTarget): Promise<DriverSession>;
  /** Pure planning (no I/O). */
  planner: FirewallPlanner;
}

/** A rule or field the vendor cannot express: refused before anything is sent, naming the rule and field. */
export interface CompileIssue {
  ruleId: string | null;
  /** 0-based position in the rule set, null for address lists. */
  ruleIndex: number | null;
  field: string;
  message: string;
}

/** Something the compile did that the preview must say (e.g. OpenWrt: "accept established,related" is built in). */
export interface CompileNote {
  ruleId: string;
  message: string;
}

/** What the router's managed items should be, in vendor fields, in order within each table. */
export interface DesiredItem {
  /** Stable key: the rule id for filter and NAT rules, list+address for address-list entries. */
  key: string;
  kind: FirewallItemKind;
  family?: "ipv4" | "ipv6";
  ruleId: string | null;
  fields: Record<string, string>;
}

export interface DesiredFirewall {
  items: DesiredItem[];
  notes: CompileNote[];
}

/** One human-readable change, vendor-neutral enough for the preview and drift views. */
export interface FirewallChange {
  kind: "add" | "change" | "remove" | "move";
  ruleId: string | null;
  description: string;
  fields?: { field: string; old: string; new: string }[];
}

export interface PushPlan {
  ops: VendorOp[];
  changes: FirewallChange[];
  counts: { add: number; change: number; remove: number; move: number };
  /** LiveFirewall.stateHash the plan was made against; a push refuses when the router no longer matches. */
  baseStateHash: string;
  /** Foreign items this plan takes over in place (ownership claims it honoured); absent or empty otherwise. */
  claimed?: ClaimedItem[];
  /** Where the plan puts the managed items among the router's own; kept after the push (see Placement). */
  placement?: Placement;
}

/**
 * Where managed rules sit among a router's foreign ones, as the vendor's planner records it (RouterOS: per rule,
 * the foreign row it sits above). A push stores it; later plans and drift checks hold the router to it, so a
 * managed rule moved across a foreign rule by hand is drift, and rules taken over keep their places.
 */
export type Placement = Record<string, string | null>;

/**
 * Taking ownership (import with "take ownership"): a foreign live item that the decompile turned into a rule
 * (or address-list entry / list) of the new rule set. Stored with the router's assignment until a push
 * honours it; the planner then re-tags the router's own row in place instead of adding a managed copy.
 * `fingerprint` is the vendor's digest of the item as it was read: a claim whose item changed or vanished is
 * ignored (the item stays foreign).
 */
export interface OwnershipClaim {
  ref: string;
  /** "nat": a RouterOS /ip/firewall/nat row that became a NAT rule (ruleId). */
  kind: "filter" | "address-list-entry" | "nat";
  family?: "ipv4" | "ipv6";
  /** The rule the item became (filter items), else null. */
  ruleId: string | null;
  /** The address list the item (an entry, or a whole set where the vendor keeps lists as one item) became. */
  list: string | null;
  fingerprint: string;
}

/** A foreign item a plan takes over, and the vendor fields the plan writes on it (so a revert can undo them). */
export interface ClaimedItem {
  ref: string;
  kind: FirewallItemKind;
  family?: "ipv4" | "ipv6";
  fields: string[];
}

export interface PlanOptions {
  /** Pending ownership claims of the router's assignment (see OwnershipClaim). */
  claims?: OwnershipClaim[];
  /** The placement of the last push to this router (PushPlan.placement); absent: where the rules are now. */
  placement?: Placement;
}

/** What a compile needs to know of the router beyond its vendor. */
export interface CompileOptions {
  /** The router's interface roles (lib/routers/roles.ts); a role the rule set uses and this lacks is an issue. */
  roles?: import("./roles").RoleMap;
}

export type CompileResult = { ok: true; desired: DesiredFirewall } | { ok: false; issues: CompileIssue[] };

export interface FirewallPlanner {
  /**
   * With `live`, issues that depend on the router's own configuration (OpenWrt: which zone an interface is in)
   * are reported as CompileIssues too; without it they surface when planning.
   */
  compile(
    content: import("@/lib/rules/schema").RuleSetContent,
    live?: LiveFirewall,
    opts?: CompileOptions,
  ): CompileResult;
  /**
   * The issues `compile(content, live)` adds to `compile(content)` (whose result is `desired`), without compiling
   * again: a preview reuses the revision's compile shared by every router. Absent: compile does not depend on
   * the router (RouterOS).
   */
  liveIssues?(
    content: import("@/lib/rules/schema").RuleSetContent,
    desired: DesiredFirewall,
    live: LiveFirewall,
    opts?: CompileOptions,
  ): CompileIssue[];
  /** Fewest ops taking the live managed items to desired; foreign and dynamic items are never changed, and never
   * moved except a foreign row added by hand inside the managed block, which goes back below it (vendor README). */
  plan(live: LiveFirewall, desired: DesiredFirewall, opts?: PlanOptions): PushPlan;
  /** Differences between live managed items and desired; empty means in sync (verification and drift). */
  compare(live: LiveFirewall, desired: DesiredFirewall, opts?: { placement?: Placement }): FirewallChange[];
  /**
   * Fewest ops putting the managed items back exactly as in `before` (immediate rollback). Items foreign in
   * `before` and managed now (taken over by the push) are given back as they were, not removed.
   */
  restorePlan(current: LiveFirewall, before: LiveFirewall): PushPlan;
  /**
   * The writes a push sends around the plan's ops to protect them (the revert timer and its removal), exactly as
   * they will be sent but for values known only at push time, so the preview lists every write.
   */
  revertWrites?(before: LiveFirewall, plan: PushPlan): { arm: VendorOp[]; confirm: VendorOp[] };
  /**
   * The part of armRevert that depends on `before` and the plan alone (RouterOS: building the restore script),
   * worked out once for routers whose read and plan are alike (lib/push/shared-by-read.ts) and handed back to
   * armRevert as `prepared`. Pure, no I/O. Absent: armRevert does all of it.
   */
  prepareRevert?(before: LiveFirewall, opts: { claimed?: ClaimedItem[]; ops?: VendorOp[] }): PreparedRevert;
  /**
   * The inverse of compile: a live firewall back to the vendor-free model (import, adopt, the "live" column of
   * the drift view). Managed items keep their rule ids (from the ownership tag / section name); foreign ones get
   * new ids. Whatever the model cannot hold is listed in `skipped`, never dropped silently. Pure, no I/O.
   */
  decompile(live: LiveFirewall, opts: DecompileOptions): DecompileResult;
  /**
   * The filter chains exactly as the router will hold them once `plan` has run on `live`: the router's own,
   * built-in and Rampart's rows in their real positions (lockout guard and preview). Pure, no I/O.
   */
  resultingChain(live: LiveFirewall, plan: PushPlan, content: RuleSetContent): ResultingChain;
  /** Interface roles proposed from what the router has (RouterOS interface lists, fw4 zones). Pure, no I/O. */
  proposeRoles(live: LiveFirewall): import("./roles").RoleMapping;
  /**
   * Every filter rule the router holds now, in router order, with its hit counters where the router keeps them:
   * the live firewall view and the rule hits. Rampart's rows name the rule of `content` they belong to. Pure, no I/O.
   */
  liveRules(live: LiveFirewall, content: RuleSetContent): LiveRule[];
  /** The rule set as the text an admin pastes by hand (RouterOS script, `uci export`); refusals as compile issues. */
  exportText(content: RuleSetContent, meta: { name: string; revision?: number }): TextExportResult;
  /** Reads such a text back (the inverse of exportText, also for hand-written texts in that format). */
  importText(text: string): DecompileResult;
}

type RuleSetContent = import("@/lib/rules/schema").RuleSetContent;

/**
 * One filter row as the router will hold it after a push, in vendor-neutral words: what the lockout guard walks
 * and the preview shows. Rows come in the router's evaluation order within (family, chain).
 */
export interface ChainRow {
  family: "ipv4" | "ipv6";
  /** input | forward | output, or the router's own name for a chain the model has no word for. */
  chain: string;
  /** 1-based place in (family, chain), as the router counts. */
  position: number;
  /** rampart: one of the rule set's rules; router: the router's own static rule; built-in: made by the router itself. */
  origin: "rampart" | "router" | "built-in";
  /** The rule-set rule (origin rampart), else null. */
  ruleId: string | null;
  /** "SSH from office", or the router's own summary of the row. */
  label: string;
  /** accept / drop / reject decide; continue never decides (logging, counting); other decides in a way the model does not hold. */
  verdict: "accept" | "drop" | "reject" | "continue" | "other";
  /** The row as a model rule, when every matcher of it is one the model understands. */
  rule: import("@/lib/rules/schema").Rule | null;
  /** Why the row cannot be evaluated (a matcher the model does not understand), else null. */
  unevaluable: string | null;
}

export interface ResultingChain {
  rows: ChainRow[];
  /** What a chain does with a packet no row decides; unknown when the router's own policy cannot be read. */
  policies: { family: "ipv4" | "ipv6"; chain: string; verdict: "accept" | "drop" | "reject" | "unknown" }[];
  /** Address lists as the router will hold them, for rows that match on lists (model form, per family). */
  addressLists: {
    family: "ipv4" | "ipv6";
    lists: import("@/lib/rules/schema").AddressList[];
    unevaluable: { name: string; reason: string }[];
  }[];
  /**
   * The router's destination-NAT chain after the push, in order, which a packet meets before the filter: a row
   * may send Rampart's own connection elsewhere, or to another port of the router. Absent when the vendor does
   * not say (the guard then walks only the rule set's own port forwards).
   */
  dstnat?: NatChainRow[];
}

/** One destination-NAT row as the router will hold it after a push (RouterOS `chain=dstnat`), vendor-neutral. */
export interface NatChainRow {
  /** 1-based place in the chain, as the router counts. */
  position: number;
  origin: "rampart" | "router" | "built-in";
  /** The rule set's NAT rule (origin rampart), else null. */
  ruleId: string | null;
  label: string;
  /**
   * What a matching packet meets: a new destination (`toAddress` null: still the router, as a redirect does;
   * `toPort` null: the same port), the end of the chain unchanged (accept), nothing (passthrough, log), or
   * something the model does not hold (jump, netmap …).
   */
  effect:
    | { kind: "rewrite"; toAddress: string | null; toPort: number | null }
    | { kind: "stop" }
    | { kind: "continue" }
    | { kind: "other"; action: string };
  /** What the row matches, as filter rules (chain input, family ipv4; any one of them); null when it cannot be evaluated. */
  matches: import("@/lib/rules/schema").Rule[] | null;
  /** Why the row cannot be evaluated, else null. */
  unevaluable: string | null;
}

/** One filter rule as the router holds it now (FirewallPlanner.liveRules), in vendor-neutral words. */
export interface LiveRule {
  /** ipv4 / ipv6 table; null where one table holds both (OpenWrt's inet fw4). */
  family: "ipv4" | "ipv6" | null;
  /** The router's chain name (input, forward, output, or its own: input_lan, handle_reject …). */
  chain: string;
  /** 1-based place in (family, chain), as the router counts. */
  position: number;
  /** The router's id of the row (RouterOS `.id`, nft handle). */
  ref: string;
  /** rampart: written by a push; foreign: added by an admin; dynamic: made by the router itself (built-in). */
  origin: "rampart" | "foreign" | "dynamic";
  /** The rule-set rule of a Rampart row (its tag when the rule set no longer holds it), else null. */
  ruleId: string | null;
  /** The router's own short text of the row (its comment, or its match and action). */
  summary: string;
  disabled: boolean;
  /** Packets and bytes the row matched since its counter started; null where the router keeps none for it. */
  counters: { packets: number; bytes: number } | null;
}

export interface DecompileOptions {
  /** Only items Rampart owns (adopt, drift); false imports every static item, foreign ones included. */
  managedOnly: boolean;
  /**
   * What the router enforces where that differs from its stored config (OpenWrt: a kernel set still holding
   * elements fw4 reload kept), each difference listed in `skipped`: the live packet test.
   */
  enforced?: boolean;
  /** Id for a rule that has none of its own (foreign items); default: a fresh random rule id. */
  newId?: () => string;
  /**
   * The router's role mapping: an interface match on a mapped target reads back as its role (`in-interface-list=
   * !LAN` with lan → list LAN is "not role lan"), so adopt and import keep rules portable. Without it, or for a
   * target no role maps, interfaces read back as before.
   */
  roles?: import("./roles").RoleMap;
}

/** Something Rampart's model cannot hold, with the reason: shown to the admin, never dropped silently. */
export interface SkippedItem {
  /** Router-side ref (RouterOS `.id`, uci section ref) or text position ("line 12"). */
  ref: string;
  /** A short readable label of the item ("input drop: defconf: drop invalid"). */
  label: string;
  /** The vendor field that could not be represented, when one field is the reason. */
  field?: string;
  reason: string;
  /** true when the item was imported and only this detail was left out. */
  partial?: boolean;
}

export interface DecompileResult {
  content: RuleSetContent;
  skipped: SkippedItem[];
  /** Which foreign live item became which rule / list (decompile of a live firewall; not from text). */
  origins?: OwnershipClaim[];
}

export type TextExportResult =
  { ok: true; filename: string; mediaType: string; text: string } | { ok: false; issues: CompileIssue[] };
