import { z } from "zod";
import { API_ERRORS, apiErrorSchema } from "./errors";
import type { Operation } from "./operation";
import { allOperations } from "./operations";

function schemaOf(s: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" });
}

/** OpenAPI 3.1 (JSON Schema 2020-12) generated from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of allOperations as Operation[]) {
    const item = (paths[op.path] ??= {});
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", op.params],
      ["query", op.query],
    ] as const) {
      if (!schema) continue;
      const js = schemaOf(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || (js.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    const status = String(op.successStatus ?? 200);
    item[op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      security: op.role === "public" ? [] : [{ bearerAuth: [] }],
      "x-rampart-role": op.role,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body, "input") } } } }
        : {}),
      responses: {
        [status]:
          status === "204"
            ? { description: "No content" }
            : {
                description: "OK",
                content: { [op.responseMediaType ?? "application/json"]: { schema: schemaOf(op.response, "output") } },
              },
        default: {
          description: "Error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Rampart API",
      version,
      description: `Firewall rule sets, routers, pushes and history. Authenticate with 'Authorization: Bearer <token>' (Settings → API tokens). Errors: ${Object.entries(
        API_ERRORS,
      )
        .map(([c, s]) => `${c} (${s})`)
        .join(", ")}.`,
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      schemas: { Error: schemaOf(apiErrorSchema, "output") },
    },
    paths,
  };
}
