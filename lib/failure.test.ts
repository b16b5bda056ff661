import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ERRORS, apiErrorSchema, errorResponse, failureError } from "@/lib/api/errors";
import { FAILURE_CODES, failure, fieldFailure, fieldOf } from "./failure";

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Reading a failure's message to decide what it is: `.message === "..."`, `.message.startsWith(...)`, `/x/.test(e.message)`. */
const MESSAGE_MATCH =
  /\.message\s*[!=]==?\s*["'`]|\.message\.(startsWith|endsWith|includes|match|search)\(|\.test\([\w.?]*\.message\)/;

describe("one failure shape", () => {
  it("maps every failure code, and only those, to an HTTP status in one table", () => {
    expect(Object.keys(API_ERRORS).sort()).toEqual([...FAILURE_CODES].sort());
    for (const status of Object.values(API_ERRORS)) expect(status).toBeGreaterThanOrEqual(400);
  });

  it("turns a field failure into the API's error body with the field as the issue path", async () => {
    const f = fieldFailure("conflict", "name", "a router named 'r1' exists");
    expect(fieldOf(f)).toBe("name");
    const res = errorResponse(failureError(f));
    expect(res.status).toBe(409);
    const body = apiErrorSchema.parse(await res.json());
    expect(body).toEqual({
      error: {
        code: "conflict",
        message: "a router named 'r1' exists",
        issues: [{ path: "name", message: "a router named 'r1' exists" }],
      },
    });
    expect(errorResponse(failureError(failure("router_error", "could not read r1"))).status).toBe(502);
  });

  it("no module that builds API errors or failures reads a message to decide the code", () => {
    const builders = ["lib", "app", "proxy.ts"]
      .flatMap((d) => (d.endsWith(".ts") ? [d] : sourceFiles(d)))
      .filter((f) =>
        /@\/lib\/(failure|api\/errors)"|from "\.\/errors"|from "\.\/failure"/.test(
          readFileSync(path.join(root, f), "utf8"),
        ),
      );
    expect(builders.length).toBeGreaterThan(20);
    const offenders = builders.filter((f) =>
      readFileSync(path.join(root, f), "utf8")
        .split("\n")
        .some((line) => MESSAGE_MATCH.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it("the pattern catches the message matching the API used to do", () => {
    expect(
      MESSAGE_MATCH.test(
        `if (r.message === "router not found") throw new ApiError("not_found", "No router with that id.");`,
      ),
    ).toBe(true);
    expect(
      MESSAGE_MATCH.test(`if (r.refusal.message.startsWith("could not read")) throw new ApiError("router_error", m);`),
    ).toBe(true);
    expect(MESSAGE_MATCH.test(`if (r.code === "not_found") return x;`)).toBe(false);
  });
});
