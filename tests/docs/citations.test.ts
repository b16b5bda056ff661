import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every document the code cites must be in this repository, with the section it names: a reader following
 * "docs/openwrt-uci.md §4" or `README.md "Compiling"` has to land on that text, not on a file outside the repo.
 */
const root = path.resolve(import.meta.dirname, "../..");
const SOURCE = /\.(ts|tsx|mts|mjs|cjs|js|md)$/;

function trackedSources(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  // Tracked and new (not ignored) files, so a citation is checked before it is committed. This file is left
  // out: its own examples cite what is not there on purpose.
  const self = path.relative(root, import.meta.filename);
  return out
    .split("\0")
    .filter((f) => SOURCE.test(f) && f !== self && !f.startsWith("node_modules/") && existsSync(path.join(root, f)));
}

/** `docs/x.md` from the repo root, then beside the citing file; a bare name may also be the root's (README.md). */
function resolveDoc(citing: string, cited: string): string | null {
  for (const candidate of [path.join(path.dirname(citing), cited), cited]) {
    const p = path.normalize(candidate);
    if (!p.startsWith("..") && existsSync(path.join(root, p))) return p;
  }
  return null;
}

/** Sections a doc declares: headings "## 4. …" give "4", "### 9.3 …" give "9.3"; numbered items "3." inside §N give "N.3". */
function sectionsOf(docPath: string): { numbers: Set<string>; titles: string[] } {
  const numbers = new Set<string>();
  const titles: string[] = [];
  let current: string | null = null;
  for (const line of readFileSync(path.join(root, docPath), "utf8").split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      titles.push(heading[1].trim());
      const num = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading[1]);
      current = num ? num[1].split(".")[0] : null;
      if (num) numbers.add(num[1]);
      continue;
    }
    const item = /^\s*(\d+[a-z]?)\.\s/.exec(line);
    if (item && current) numbers.add(`${current}.${item[1]}`);
  }
  return { numbers, titles };
}

interface Problem {
  file: string;
  line: number;
  text: string;
  why: string;
}

/** Outside documents the code once cited; none of them ships with the repo. */
const OUTSIDE = /shared\/docs|(?<![\w/-])(routeros-api|openwrt-uci-fw4|house-style|ux-reference)\.md/;
const SECTION = /§\s?(\d+(?:\.\d+[a-z]?)?)/g;
const CITATION =
  /(?<![\w./-])([\w./-]*[\w-]\.md)`?(?:\s*\(?((?:(?:,\s*|\s+and\s+|\s*)§\s?\d+(?:\.\d+[a-z]?)?)+)|\s+"([^"\n]+)")?/g;

const docCache = new Map<string, ReturnType<typeof sectionsOf>>();
const sectionsCached = (p: string) => docCache.get(p) ?? docCache.set(p, sectionsOf(p)).get(p)!;

/** The problems in one file's text; `file` is its path from the repo root (relative citations resolve from it). */
function problemsIn(file: string, content: string): Problem[] {
  const problems: Problem[] = [];
  const isDoc = file.startsWith("docs/") && file.endsWith(".md");
  content.split("\n").forEach((text, i) => {
    const at = (why: string) => problems.push({ file, line: i + 1, text: text.trim().slice(0, 160), why });
    if (OUTSIDE.test(text)) at("cites a document outside the repository");
    let uncovered = text;
    for (const m of text.matchAll(CITATION)) {
      uncovered = uncovered.replace(m[0], " ".repeat(m[0].length));
      const doc = resolveDoc(file, m[1]);
      if (!doc) {
        if (!OUTSIDE.test(m[1])) at(`${m[1]} is not in the repository`);
        continue;
      }
      const { numbers, titles } = sectionsCached(doc);
      for (const s of m[2]?.matchAll(SECTION) ?? []) {
        if (!numbers.has(s[1])) at(`${doc} has no section §${s[1]}`);
      }
      // A quoted capitalised phrase right after the name is a heading: `README.md "Ownership and placement"`.
      if (
        m[3] &&
        /^[A-Z]/.test(m[3]) &&
        !titles.some((t) => t === m[3] || t.startsWith(`${m[3]} `) || t.startsWith(`${m[3]}:`))
      ) {
        at(`${doc} has no heading "${m[3]}"`);
      }
    }
    // A bare "§N" names no document; inside a doc it means the doc's own section.
    for (const s of uncovered.matchAll(SECTION)) {
      if (!isDoc) at(`§${s[1]} without the document it belongs to`);
      else if (!sectionsCached(file).numbers.has(s[1])) at(`${file} has no section §${s[1]} of its own`);
    }
  });
  return problems;
}

describe("citations resolve inside the repository", () => {
  it("no tracked source or doc cites a document, section or heading that is not here", () => {
    const problems = trackedSources().flatMap((f) => problemsIn(f, readFileSync(path.join(root, f), "utf8")));
    expect(problems.map((p) => `${p.file}:${p.line} ${p.why}\n    ${p.text}`)).toEqual([]);
  });

  it("catches what it is for: an outside document, a missing file, section or heading, a bare §", () => {
    const whys = (text: string, file = "lib/routers/example.ts") => problemsIn(file, text).map((p) => p.why);
    expect(whys("// (routeros-api.md §2)")).toEqual(["cites a document outside the repository"]);
    expect(whys("// per /work/shared/docs/openwrt-uci-fw4.md")).toEqual(["cites a document outside the repository"]);
    expect(whys("// (decisions.md)")).toEqual(["decisions.md is not in the repository"]);
    expect(whys("// (docs/no-such-doc.md §1)")).toEqual(["docs/no-such-doc.md is not in the repository"]);
    expect(whys("// (docs/routeros-api-protocol.md §42)")).toEqual([
      "docs/routeros-api-protocol.md has no section §42",
    ]);
    expect(whys("// (docs/routeros-api-protocol.md §8.9)")).toEqual([
      "docs/routeros-api-protocol.md has no section §8.9",
    ]);
    expect(whys('// (docs/openwrt-costs.md "No such heading")')).toEqual([
      'docs/openwrt-costs.md has no heading "No such heading"',
    ]);
    expect(whys("// the reply carries it (§3)")).toEqual(["§3 without the document it belongs to"]);
    // And what must pass: lists of sections, numbered items, headings, a doc's own sections.
    expect(whys("// (docs/routeros-api-protocol.md §8.7, §2 and §10)")).toEqual([]);
    expect(whys("// `docs/openwrt-uci.md` §8.4b")).toEqual([]);
    expect(whys('// (README.md "Ownership and placement")', "lib/routers/mikrotik/plan-firewall.ts")).toEqual([]);
    expect(whys("as §3 says", "docs/openwrt-uci.md")).toEqual([]);
  });
});
