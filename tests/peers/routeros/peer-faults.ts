/**
 * Fault switches, read live on every event so a test can flip them while connections are open.
 */
export interface PeerFaults {
  /** Accept the connection and read, never answer anything (not even /login). */
  silent: boolean;
  /** Close as soon as /login arrives: "fin" = orderly close, "rst" = reset. */
  closeAtLogin: "fin" | "rst" | null;
  /** Per connection: after writing this many reply sentences (login's !done included), drop the connection. */
  dropAfterSentences: number | null;
  /** How dropAfterSentences drops. */
  dropWith: "fin" | "rst";
  /** Answer /login, then never answer again (the connection stays open). */
  stallAfterLogin: boolean;
  /** Each command's replies go out this many ms late; commands keep their order. */
  replyDelayMs: number;
  /** A slow link: reply sentences leave one at a time, this many ms apart (order kept across commands). */
  sentenceGapMs: number;
  /** Per connection: after this many post-login commands were answered, send !fatal and close. */
  fatalAfterCommands: number | null;
  /** Write each reply sentence in several small socket writes (clients must reassemble). */
  splitWrites: boolean;
  /** Limit of sentences before login; past it the peer sends !fatal and closes (docs/routeros-api-protocol.md §1, §5). */
  maxPreLoginSentences: number;
  /**
   * Drop the connection (FIN) at one command whose first word is `command`: "before" it runs (the router never
   * saw it), or "after" it ran and before its reply left (the reply is lost: the change is on the router but the
   * client cannot know). `times` commands are hit, then the fault clears itself (it becomes null).
   */
  dropAt: { command: string; when: "before" | "after"; times: number } | null;
  /**
   * The same at the n-th command from now, counted over every connection (a fault suite walks a push command by
   * command); clears itself once hit.
   */
  dropAtNth: { n: number; when: "before" | "after" } | null;
}

export function defaultFaults(): PeerFaults {
  return {
    silent: false,
    closeAtLogin: null,
    dropAfterSentences: null,
    dropWith: "fin",
    stallAfterLogin: false,
    replyDelayMs: 0,
    sentenceGapMs: 0,
    fatalAfterCommands: null,
    splitWrites: false,
    maxPreLoginSentences: 16,
    dropAt: null,
    dropAtNth: null,
  };
}
