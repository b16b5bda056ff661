import { expect, test } from "vitest";
import { findNonCp1252Char, isCp1252Char } from "./cp1252";

test.each([
  "a",
  "~",
  " ",
  "\u00a0",
  "ÿ",
  "é",
  "€",
  "‚",
  "ƒ",
  "„",
  "…",
  "†",
  "‡",
  "ˆ",
  "‰",
  "Š",
  "‹",
  "Œ",
  "Ž",
  "‘",
  "’",
  "“",
  "”",
  "•",
  "–",
  "—",
  "˜",
  "™",
  "š",
  "›",
  "œ",
  "ž",
  "Ÿ",
])("%j is in cp1252", (char) => {
  expect(isCp1252Char(char)).toBe(true);
});

test.each(["\u0081", "\u008d", "\u0100", "Ω", "ł", "中", "😀", "\u0301", "\u2028"])("%j is not in cp1252", (char) => {
  expect(isCp1252Char(char)).toBe(false);
});

test("findNonCp1252Char returns whole code points", () => {
  expect(findNonCp1252Char("ok € café")).toBeNull();
  expect(findNonCp1252Char("")).toBeNull();
  expect(findNonCp1252Char("hi 😀 and Ω")).toBe("😀");
});
