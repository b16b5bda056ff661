import { describe, expect, it } from "vitest";
import { DriverError } from "@/lib/routers/driver";
import { describeError, firstLine } from "./router-session";

describe("error messages are one sentence, never a whole script (#17.10)", () => {
  it("keeps the first line of a multi-line driver message and says how much was left out", () => {
    const script = ":local a 1\n/ip firewall filter remove [find]\n/ip firewall filter add chain=input\n";
    const e = describeError(new DriverError("router-error", `'${script}' failed`, `syntax error in\n${script}`, 2));
    expect(e.message).toBe("':local a 1 … (3 more lines left out) (operation 3)");
    expect(e.routerMessage).toBe("syntax error in … (3 more lines left out)");
    expect(firstLine("one line")).toBe("one line");
  });
});
