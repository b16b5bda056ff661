import { afterEach, describe, expect, it } from "vitest";
import {
  DriverError,
  type Driver,
  type DriverSession,
  type LiveFirewall,
  type RouterTarget,
  type VendorOp,
} from "../../lib/routers/driver";

/**
 * The suite every router driver must pass (docs/architecture/drivers.md §3). Each vendor supplies a fixture that starts its
 * peer, knows how to reach it, builds a few vendor ops, and reads the router's state straight from the peer:
 * assertions are about what the router holds, never about the driver's own bookkeeping.
 */
export interface PeerItem {
  kind: "filter" | "address-list-entry";
  managedId: string | null;
  dynamic: boolean;
  /** Vendor fields as the peer holds them, for fixture predicates. */
  fields: Record<string, string>;
}

export interface ConformancePeer {
  /** Reaches the peer with valid credentials. */
  target: RouterTarget;
  /** The router's version as identify() must report it. */
  version: string;
  /** Everything the peer holds in the managed tables, read from the peer itself. */
  readState(): PeerItem[];
  faults: {
    /** Accept connections and never answer anything. */
    silent(): void;
    /** Answer the login, then nothing more. */
    hangAfterLogin(): void;
    /** Close the connection part-way through the first multi-part reply after login. */
    closeMidReply(): void;
    /** Answer `n` more commands after login, then drop the connection. */
    dropAfterCommands(n: number): void;
  };
  close(): Promise<void>;
}

export interface ConformanceFixture {
  driver: Driver;
  /**
   * What a failed apply leaves: RouterOS runs op by op, so the ops before the failing one stay (the push's rollback
   * removes them); OpenWrt puts its committed config back at once, so committed and running never disagree.
   */
  failedApplyLeaves: "earlier-ops" | "previous-state";
  start(opts: { foreign?: boolean; dynamic?: boolean }): Promise<ConformancePeer>;
  /** A target on a port where nothing listens. */
  refusedTarget(): Promise<RouterTarget>;
  ops: {
    addRule(ruleId: string, adminComment: string): VendorOp[];
    /** Ops that change a managed rule, and how to recognise the change in the peer's state. */
    changeRule(ruleId: string, live: LiveFirewall): { ops: VendorOp[]; isChanged(item: PeerItem): boolean };
    removeRule(ruleId: string, live: LiveFirewall): VendorOp[];
    /** One op the router refuses with an error text of its own. */
    refusedOp(): VendorOp;
  };
}

export function runDriverConformance(name: string, fixture: ConformanceFixture): void {
  describe(`driver conformance: ${name}`, () => {
    let peer: ConformancePeer | null = null;
    let session: DriverSession | null = null;
    afterEach(async () => {
      await session?.close().catch(() => {});
      session = null;
      await peer?.close();
      peer = null;
    });

    const start = async (opts: { foreign?: boolean; dynamic?: boolean } = {}) => (peer = await fixture.start(opts));
    const connect = async (target: RouterTarget) => (session = await fixture.driver.connect(target));
    const rejection = async (p: Promise<unknown>): Promise<DriverError> => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(DriverError);
      return e as DriverError;
    };
    const managedInPeer = () => peer!.readState().filter((i) => i.managedId !== null);

    it("connects and identifies the router", async () => {
      const p = await start();
      const s = await connect(p.target);
      const id = await s.identify();
      expect(id.version).toBe(p.version);
      expect(id.model).not.toBe("");
    });

    it("reads an empty firewall as no items, with a stable state hash", async () => {
      const p = await start();
      const s = await connect(p.target);
      const a = await s.readFirewall();
      expect(a.items).toEqual([]);
      expect(a.stateHash).toMatch(/\S/);
      expect((await s.readFirewall()).stateHash).toBe(a.stateHash);
    });

    it("reports foreign and dynamic items, flagged, exactly as the peer holds them", async () => {
      const p = await start({ foreign: true, dynamic: true });
      const s = await connect(p.target);
      const live = await s.readFirewall();
      const held = p.readState();
      expect(live.items).toHaveLength(held.length);
      expect(live.items.filter((i) => i.dynamic)).toHaveLength(held.filter((i) => i.dynamic).length);
      expect(held.some((i) => i.dynamic)).toBe(true);
      expect(held.some((i) => !i.dynamic && i.managedId === null)).toBe(true);
      expect(live.items.every((i) => i.managedId === null)).toBe(true);
    });

    it("applies adds, changes and removes of managed items; the peer holds the result and foreign items are untouched", async () => {
      const p = await start({ foreign: true, dynamic: true });
      const s = await connect(p.target);
      const foreignBefore = p.readState().filter((i) => i.managedId === null);
      const before = await s.readFirewall();

      const progress: number[] = [];
      await s.apply(
        [...fixture.ops.addRule("rconf0001", "first"), ...fixture.ops.addRule("rconf0002", "second")],
        (pr) => progress.push(pr.done),
      );
      expect(
        managedInPeer()
          .map((i) => i.managedId)
          .sort(),
      ).toEqual(["rconf0001", "rconf0002"]);
      expect(progress.at(-1)).toBe(progress.length);
      const afterAdd = await s.readFirewall();
      expect(afterAdd.stateHash).not.toBe(before.stateHash);
      expect(
        afterAdd.items
          .filter((i) => i.managedId)
          .map((i) => i.managedId)
          .sort(),
      ).toEqual(["rconf0001", "rconf0002"]);

      const change = fixture.ops.changeRule("rconf0001", afterAdd);
      await s.apply(change.ops);
      expect(change.isChanged(managedInPeer().find((i) => i.managedId === "rconf0001")!)).toBe(true);
      expect(change.isChanged(managedInPeer().find((i) => i.managedId === "rconf0002")!)).toBe(false);

      await s.apply(fixture.ops.removeRule("rconf0002", await s.readFirewall()));
      expect(managedInPeer().map((i) => i.managedId)).toEqual(["rconf0001"]);
      expect(p.readState().filter((i) => i.managedId === null)).toEqual(foreignBefore);
    });

    it("wrong password -> auth, without the password in the message", async () => {
      const p = await start();
      const e = await rejection(fixture.driver.connect({ ...p.target, password: "Wr0ng-S3cret!" }));
      expect(e.kind).toBe("auth");
      expect(e.message).toMatch(/authentication failed/);
      expect(JSON.stringify({ m: e.message, r: e.routerMessage })).not.toContain("Wr0ng-S3cret!");
    });

    it("refused port -> refused", async () => {
      const e = await rejection(fixture.driver.connect(await fixture.refusedTarget()));
      expect(e.kind).toBe("refused");
    });

    it("a silent peer -> timeout within the connect deadline", async () => {
      const p = await start();
      p.faults.silent();
      const t0 = Date.now();
      const e = await rejection(fixture.driver.connect({ ...p.target, connectTimeoutMs: 400 }));
      expect(e.kind).toBe("timeout");
      // TCP was accepted: the message says the login went unanswered, not that connecting timed out (#17.10)
      expect(e.message).toMatch(/accepted the connection but did not (answer|finish) the (SSH )?login within 0\.4 s/);
      expect(Date.now() - t0).toBeLessThan(400 + 1500);
    });

    it("a peer that hangs after login -> timeout within the command deadline", async () => {
      const p = await start();
      p.faults.hangAfterLogin();
      const s = await connect({ ...p.target, commandTimeoutMs: 400 });
      const t0 = Date.now();
      const e = await rejection(s.readFirewall());
      expect(e.kind).toBe("timeout");
      expect(e.message).toMatch(/timed out after 0\.4 s/);
      expect(Date.now() - t0).toBeLessThan(400 + 1500);
    });

    it("a peer that closes mid-reply -> closed, later calls fail cleanly, close() still settles", async () => {
      const p = await start({ foreign: true });
      p.faults.closeMidReply();
      const s = await connect(p.target);
      const e = await rejection(s.readFirewall());
      expect(e.kind).toBe("closed");
      expect((await rejection(s.identify())).kind).toBe("closed");
      await s.close();
    });

    it("a connection drop mid-apply stops at that op: later ones never ran; earlier ones as the driver declares", async () => {
      const p = await start();
      p.faults.dropAfterCommands(2);
      const s = await connect(p.target);
      const ids = ["rdrop0000", "rdrop0001", "rdrop0002", "rdrop0003", "rdrop0004"];
      const e = await rejection(s.apply(ids.flatMap((id) => fixture.ops.addRule(id, ""))));
      expect(e.kind).toBe("closed");
      expect(e.opIndex).toBe(2);
      expect(
        managedInPeer()
          .map((i) => i.managedId)
          .sort(),
      ).toEqual(fixture.failedApplyLeaves === "earlier-ops" ? ["rdrop0000", "rdrop0001"] : []);
    });

    it("an op the router refuses -> router-error naming the op and carrying the router's text", async () => {
      const p = await start();
      const s = await connect(p.target);
      const e = await rejection(s.apply([...fixture.ops.addRule("rrefu0001", ""), fixture.ops.refusedOp()]));
      expect(e.kind).toBe("router-error");
      expect(e.opIndex).toBe(1);
      expect(e.routerMessage).toMatch(/\S/);
      expect(e.message).toContain(e.routerMessage!);
      expect(managedInPeer().map((i) => i.managedId)).toEqual(
        fixture.failedApplyLeaves === "earlier-ops" ? ["rrefu0001"] : [],
      );
    });
  });
}
