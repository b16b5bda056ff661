/** Fault switches read by the stand-in's uci and fw4 from <root>/faults.json (see standin/faults.mjs). */
export interface OpenWrtFaults {
  /** Every uci invocation sleeps this long first (a slow router). */
  delayMs?: number;
  /** `uci batch` sleeps this long before each line. */
  delayPerLineMs?: number;
  /** `uci batch` drops the SSH connection after running this many lines (those stay staged). */
  dropAfterBatchLines?: number;
  /** This many `uci batch` runs complete; the next one stages its first line, then the connection drops. */
  dropAfterBatches?: number;
  /** A batch line containing this text is refused with "uci: Invalid argument" (and not staged). */
  refuseBatchLine?: string;
  /** `uci show`/`uci export` print half their output, then the connection drops. */
  dropOnShow?: boolean;
  /** fw4 sleeps this long before doing anything. */
  fw4DelayMs?: number;
  /** The first command containing this text runs to its end, then the connection drops before its reply. */
  dropReplyTo?: string;
  /**
   * Counting SSH commands from when the faults were set, the n-th one: "before" drops the connection as the
   * command arrives (it never runs); "after" runs it to its end, then drops the connection before its reply.
   */
  dropAtCommand?: { n: number; when: "before" | "after" };
  /** `fw4 reload` fails to load (nft refuses the ruleset) although `fw4 check` passed; it still exits 0. */
  fw4ReloadFails?: boolean;
}
