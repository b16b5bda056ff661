/**
 * The attack payloads, one small representative set per class (issue "Hardening"). Shared by the router-side
 * vitest (tests/security/*.test.ts) and the Playwright specs (e2e/security*.spec.ts), so both sides attack with
 * the same strings. Every XSS payload that would create an element carries `data-xss`, so a page can be checked
 * for "no element came from data" with one selector, independent of the CSP (which would only stop scripts).
 */

export interface Payload {
  /** Payload class, for messages. */
  cls: string;
  value: string;
}

/** Classic web attacks: SQL injection, stored/reflected XSS, HTML and attribute breakouts. */
export const WEB_PAYLOADS: Payload[] = [
  { cls: "sql", value: "' OR '1'='1' --" },
  { cls: "sql", value: 'x\'); DROP TABLE "User"; --' },
  { cls: "sql", value: "%' UNION SELECT passwordHash FROM User --" },
  { cls: "xss-script", value: "<script data-xss>alert('xss-script')</script>" },
  { cls: "xss-handler", value: "<img src=x data-xss onerror=\"alert('xss-img')\">" },
  { cls: "xss-svg", value: "<svg data-xss onload=alert('xss-svg')><circle r=1 /></svg>" },
  { cls: "xss-url", value: "javascript:alert('xss-url')//" },
  { cls: "html-breakout", value: '"><b data-xss>bold</b><a data-xss href="javascript:alert(\'xss-a\')">x</a>' },
  { cls: "attr-breakout", value: "' autofocus onfocus='alert(`xss-attr`)' data-xss='" },
  { cls: "template", value: "{{constructor.constructor('alert(1)')()}} ${7*7} <%= 7*7 %>" },
];

/** Router-side metacharacters: shell, UCI quoting, RouterOS API words. Single line, windows-1252 safe. */
export const ROUTER_PAYLOADS: Payload[] = [
  { cls: "shell-subst", value: "$(touch /tmp/rampart-pwned-subst)" },
  { cls: "shell-backtick", value: "`touch /tmp/rampart-pwned-tick`" },
  { cls: "shell-seq", value: "x; touch /tmp/rampart-pwned-seq; #" },
  { cls: "shell-pipe", value: "x | touch /tmp/rampart-pwned-pipe && echo" },
  { cls: "uci-quote", value: "it's" },
  { cls: "uci-quote-escape", value: "a'\\''b" },
  { cls: "uci-breakout", value: "'; commit; set firewall.x=rule; '" },
  { cls: "ros-word", value: "=action=accept" },
  { cls: "ros-word", value: "x =disabled=yes ?.id=*1 !done" },
  { cls: "ros-path", value: "/system/reboot" },
  { cls: "backslash", value: 'c:\\new\\table\\"q"' },
];

/** Text that is not attack-shaped but breaks naive handling. */
export const UNICODE_PAYLOADS: Payload[] = [
  { cls: "rtl", value: "admin\u202Egnp.exe\u200F" },
  { cls: "emoji", value: "fire 🔥🧱 wall" },
  { cls: "combining", value: "Cafe\u0301 Z\u0351\u0308a\u0357lgo" },
  { cls: "cp1252", value: "Grüße €5 – naïve" },
];

/** Control characters: each must be refused with a clear message (or kept literally where the field allows it). */
export const CONTROL_PAYLOADS: Payload[] = [
  { cls: "newline", value: "line1\n=action=accept" },
  { cls: "carriage-return", value: "a\r\nb" },
  { cls: "nul", value: "a\u0000b" },
  { cls: "tab", value: "a\tb" },
];

/** Length attacks: RouterOS words change their length encoding at 0x80 and 0x4000 bytes. */
export const LONG_PAYLOADS: Payload[] = [
  { cls: "long-0x80", value: "L".repeat(0x80) },
  { cls: "long-0x4000", value: "W".repeat(0x4000 + 1) },
  { cls: "huge", value: "H".repeat(300_000) },
];

/**
 * Text that is not text. A lone UTF-16 surrogate travels in a JSON body as the escape \ud800 (JSON.stringify
 * writes it so); no encoding can store it. Not part of STRING_PAYLOADS: it is refused everywhere, never stored.
 */
export const LONE_SURROGATE_PAYLOADS: Payload[] = [
  { cls: "lone-surrogate", value: "a\ud800b" },
  { cls: "lone-low-surrogate", value: "\udc00" },
];

/** Malformed percent-escapes, for URLs only: sent as typed (see rawUrlText in openapi-walk.ts), never encoded again. */
export const BAD_ESCAPE_PAYLOADS: Payload[] = [
  { cls: "bad-escape-truncated", value: "%E0%A4%A" },
  { cls: "bad-escape-hex", value: "%ZZ" },
  { cls: "bad-escape-overlong", value: "%C0%AF" },
  { cls: "bad-escape-trailing", value: "abc%" },
];

export const STRING_PAYLOADS: Payload[] = [
  ...WEB_PAYLOADS,
  ...ROUTER_PAYLOADS,
  ...UNICODE_PAYLOADS,
  ...CONTROL_PAYLOADS,
  ...LONG_PAYLOADS,
];

/**
 * Numbers: negative, zero, fractional, beyond 2^53, huge, and the ones JSON cannot carry (NaN, Infinity), which are
 * sent as raw JSON text by the API suite; numeric strings test coercion.
 */
export const NUMBER_PAYLOADS: { cls: string; value: unknown; raw?: string }[] = [
  { cls: "negative", value: -1 },
  { cls: "zero", value: 0 },
  { cls: "fraction", value: 1.5 },
  { cls: "unsafe-int", value: 9007199254740993 },
  { cls: "huge", value: 1e308 },
  { cls: "nan", value: null, raw: "NaN" },
  { cls: "infinity", value: null, raw: "-Infinity" },
  { cls: "numeric-string", value: "12" },
  { cls: "sql-number", value: "1 OR 1=1" },
];

/** Marker selector: an element created from stored data (see file comment). */
export const XSS_MARKER = "[data-xss]";

/** Temp files the shell payloads would create if a shell ever interpreted them. */
export const PWNED_FILES = [
  "/tmp/rampart-pwned-subst",
  "/tmp/rampart-pwned-tick",
  "/tmp/rampart-pwned-seq",
  "/tmp/rampart-pwned-pipe",
];
