/**
 * The one escaping function for values that go into `uci batch` lines (docs/openwrt-uci.md §7): the value is
 * wrapped in '…' with every ' written as '\'' and glued to the `=`. Inside '…' the batch tokeniser treats
 * nothing as special ($, `, ;, #, \, ", =, spaces), so the router stores exactly the text given.
 */
export class UciValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UciValueError";
  }
}

// Control characters would make multi-line values or a parse error; NUL cannot be passed at all.
const CONTROL = /[\x00-\x1f\x7f]/;

export function quoteUciValue(value: string): string {
  if (value === "") throw new UciValueError("an empty value would delete the option");
  if (value.includes("\0")) throw new UciValueError("a value cannot contain NUL");
  if (CONTROL.test(value)) throw new UciValueError("a value cannot contain line breaks or other control characters");
  return `'${value.replace(/'/g, "'\\''")}'`;
}

const NAME = /^[A-Za-z0-9_]+$/;

/** Section and option names are never quoted, so they must be plain identifiers; callers generate them. */
export function assertUciName(name: string): string {
  if (!NAME.test(name)) throw new UciValueError(`'${name}' is not a valid uci name`);
  return name;
}

/** `set firewall.<section>.<option>='<value>'` (or the section type when option is null). */
export function uciSetLine(section: string, option: string | null, value: string): string {
  const path =
    option === null
      ? `firewall.${assertUciName(section)}`
      : `firewall.${assertUciName(section)}.${assertUciName(option)}`;
  return `set ${path}=${quoteUciValue(value)}`;
}

export function uciAddListLine(section: string, option: string, value: string): string {
  return `add_list firewall.${assertUciName(section)}.${assertUciName(option)}=${quoteUciValue(value)}`;
}

export function uciDeleteLine(section: string, option?: string): string {
  return `delete firewall.${assertUciName(section)}${option === undefined ? "" : `.${assertUciName(option)}`}`;
}

export function uciDelListLine(section: string, option: string, value: string): string {
  return `del_list firewall.${assertUciName(section)}.${assertUciName(option)}=${quoteUciValue(value)}`;
}

/** `reorder firewall.<section>=<n>`: n is an absolute position among all sections (docs/openwrt-uci.md §3). */
export function uciReorderLine(section: string, position: number): string {
  if (!Number.isInteger(position) || position < 0) throw new UciValueError(`'${position}' is not a section position`);
  return `reorder firewall.${assertUciName(section)}=${position}`;
}

const SECTION_REF = /^(?:@[a-z]+\[\d+\]|[A-Za-z0-9_]+)$/;

/**
 * `reorder firewall.<ref>=<n>` for a section that may be anonymous (`@rule[3]`, counted among sections of its
 * type at the time the line runs): how a foreign rule section put among Rampart's by hand goes back below them.
 */
export function uciReorderRefLine(section: string, position: number): string {
  if (!SECTION_REF.test(section)) throw new UciValueError(`'${section}' is not a section reference`);
  if (!Number.isInteger(position) || position < 0) throw new UciValueError(`'${position}' is not a section position`);
  return `reorder firewall.${section}=${position}`;
}

/**
 * `rename firewall.<section>=<name>`: takes a section over (ownership claim). The section may be anonymous
 * (`@rule[3]`: index among sections of its type, which a rename does not shift); the new name is always one of
 * Rampart's own.
 */
export function uciRenameLine(section: string, name: string): string {
  if (!SECTION_REF.test(section)) throw new UciValueError(`'${section}' is not a section reference`);
  return `rename firewall.${section}=${assertUciName(name)}`;
}
