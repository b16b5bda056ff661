import { NextResponse } from "next/server";
import { z } from "zod";
import { roleAllows, type Role } from "@/lib/auth/roles";
import { API_BODY_LIMIT_BYTES, formatBytes } from "@/lib/http/body-limits";
import { ApiError, errorResponse, validationError } from "./errors";
import { parseJsonBody } from "./parse-body";
import { resolvePrincipal, type Principal } from "./principal";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type AnySchema = z.ZodType;

/**
 * One API operation: the route handler validates with these schemas and the OpenAPI document is generated
 * from the same objects, so the published contract cannot drift from what the server enforces.
 */
export interface Operation<
  B extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  P extends AnySchema | undefined = AnySchema | undefined,
> {
  id: string;
  method: Method;
  /** OpenAPI path template, e.g. /api/v1/tokens/{id} */
  path: string;
  summary: string;
  tag: string;
  /** Minimum role; "public" needs no authentication. */
  role: Role | "public";
  body?: B;
  /**
   * The body can be a whole rule set (10,000 rules take seconds to validate): the handler gets it as JSON text
   * (`rawBody`, size and content type checked) and parses it with this same schema on a worker thread, so other
   * requests are not held up. The schema must be listed in lib/workers/body-schemas.ts.
   */
  bodyOffThread?: boolean;
  query?: Q;
  params?: P;
  response: AnySchema;
  /** The success body's media type when it is not JSON (a text download). */
  responseMediaType?: string;
  successStatus?: number;
}

export function defineOperation<
  B extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  P extends AnySchema | undefined = undefined,
>(op: Operation<B, Q, P>): Operation<B, Q, P> {
  return op;
}

type Infer<S> = S extends AnySchema ? z.infer<S> : undefined;

export interface OperationContext<B, Q, P> {
  req: Request;
  principal: Principal | null;
  body: B;
  query: Q;
  params: P;
  /** The JSON text of the body, for operations marked bodyOffThread (their `body` is undefined). */
  rawBody: string | null;
}

export function apiHandler<
  B extends AnySchema | undefined,
  Q extends AnySchema | undefined,
  P extends AnySchema | undefined,
>(op: Operation<B, Q, P>, run: (ctx: OperationContext<Infer<B>, Infer<Q>, Infer<P>>) => Promise<unknown>) {
  return async (
    req: Request,
    routeCtx?: { params?: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    try {
      let principal: Principal | null = null;
      if (op.role !== "public") {
        principal = await resolvePrincipal(req);
        if (!roleAllows(principal.role, op.role))
          throw new ApiError("forbidden", `This needs the ${op.role} role; you have ${principal.role}.`);
      }
      const rawParams = (await routeCtx?.params) ?? {};
      const params = op.params ? parseOr(op.params, rawParams, "path") : undefined;
      const query = op.query
        ? parseOr(op.query, Object.fromEntries(new URL(req.url).searchParams), "query")
        : undefined;
      const rawBody = op.body && op.bodyOffThread ? await readBodyText(req) : null;
      const body = op.body && !op.bodyOffThread ? parseBodyText(op.body, await readBodyText(req)) : undefined;
      const result = await run({
        req,
        principal,
        body: body as Infer<B>,
        query: query as Infer<Q>,
        params: params as Infer<P>,
        rawBody,
      });
      if (result instanceof Response) return result;
      if (op.successStatus === 204) return new NextResponse(null, { status: 204 });
      return NextResponse.json(result, { status: op.successStatus ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

function parseOr(schema: AnySchema, value: unknown, where: string) {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, where);
  return r.data;
}

async function readBodyText(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json"))
    throw new ApiError("bad_request", "Send the body as JSON with 'Content-Type: application/json'.");
  return readLimited(req, API_BODY_LIMIT_BYTES);
}

function parseBodyText(schema: AnySchema, text: string): unknown {
  const parsed = parseJsonBody(schema, text);
  if (!parsed.ok) throw new ApiError(parsed.code, parsed.message, parsed.issues);
  return parsed.data;
}

const tooLarge = () =>
  new ApiError(
    "payload_too_large",
    `The request body is larger than the API's limit of ${formatBytes(API_BODY_LIMIT_BYTES)}.`,
  );

/** The body as UTF-8 text, refused as soon as it passes `limit` bytes (declared or counted), so it is never held whole. */
async function readLimited(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
