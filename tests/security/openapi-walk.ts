/**
 * Walks an OpenAPI 3.1 operation's JSON Schemas (path and query parameters, JSON request body) next to a valid
 * example request, and lists every field an attacker can set: strings, numbers, booleans, arrays, free-form
 * values. The attack-payload suite takes its field list from here, so a field added to a zod schema is attacked
 * the day it appears in /api/v1/openapi.json (docs/rulings.md §10).
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  [k: string]: unknown;
};

export type Where = "path" | "query" | "body";
export type FieldKind = "text" | "token" | "number" | "boolean" | "array" | "any";

/** One attackable field: where it lives, its JSON pointer in the example, and what kind of value it takes. */
export interface Field {
  where: Where;
  pointer: (string | number)[];
  kind: FieldKind;
}

export interface ExampleRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  [k: string]: unknown;
}

export function resolveRef(doc: unknown, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i++) {
    const parts = s.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    s = parts.reduce((o: unknown, k) => (o as Record<string, unknown>)?.[k], doc) as JsonSchema;
  }
  return s ?? {};
}

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Free text, or a constrained string (enum, const, pattern, format: ids, names, addresses)? */
function stringKind(s: JsonSchema): FieldKind {
  return s.enum || s.const !== undefined || s.pattern || s.format ? "token" : "text";
}

/** The branch of a oneOf/anyOf the example value takes (matching consts), or null for a scalar. */
function branchFor(doc: unknown, branches: JsonSchema[], value: unknown): JsonSchema | null {
  const resolved = branches.map((b) => resolveRef(doc, b));
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const objects = resolved.filter((b) => typesOf(b).includes("object") || b.properties);
    const match = objects.find((b) =>
      Object.entries(b.properties ?? {}).every(
        ([k, p]) =>
          resolveRef(doc, p).const === undefined || resolveRef(doc, p).const === (value as Record<string, unknown>)[k],
      ),
    );
    return match ?? objects[0] ?? null;
  }
  if (Array.isArray(value)) return resolved.find((b) => typesOf(b).includes("array")) ?? null;
  return null;
}

function isStructured(doc: unknown, s: JsonSchema): boolean {
  const branches = s.oneOf ?? s.anyOf;
  if (branches) return branches.some((b) => isStructured(doc, resolveRef(doc, b)));
  return typesOf(s).includes("object") || typesOf(s).includes("array") || !!s.properties;
}

/** Every field of one schema at `pointer`, recursing into objects and arrays by the example's shape. */
export function fieldsOf(
  doc: unknown,
  raw: JsonSchema,
  value: unknown,
  where: Where,
  pointer: (string | number)[],
  out: Field[] = [],
  depth = 0,
): Field[] {
  if (depth > 12) return out;
  const s = resolveRef(doc, raw);
  // An object the example leaves out (one of several alternative inputs) is attacked as a whole; its inner
  // fields are walked by the example that fills it in, so their refusals can name them.
  if (value === undefined && pointer.length > 0 && isStructured(doc, s))
    return (out.push({ where, pointer, kind: "any" }), out);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const branch = branchFor(doc, branches, value);
    if (branch) return fieldsOf(doc, branch, value, where, pointer, out, depth + 1);
    // A scalar union (string | null, enum | number): attack it as the loosest of its members.
    const kinds = branches
      .map((b) => resolveRef(doc, b))
      .flatMap((b) => (typesOf(b).includes("string") ? [stringKind(b)] : typesOf(b).filter((t) => t !== "null")));
    const kind: FieldKind = kinds.includes("text")
      ? "text"
      : kinds.includes("token")
        ? "token"
        : kinds.some((k) => k === "number" || k === "integer")
          ? "number"
          : "any";
    out.push({ where, pointer, kind });
    return out;
  }
  if (s.allOf) return s.allOf.reduce((o, b) => fieldsOf(doc, b, value, where, pointer, o, depth + 1), out);
  const types = typesOf(s);
  if (types.includes("object") || s.properties) {
    const obj = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
    for (const [k, p] of Object.entries(s.properties ?? {}))
      fieldsOf(doc, p, obj[k], where, [...pointer, k], out, depth + 1);
    // Record-like objects (additionalProperties): the example's own keys, typed by the value schema.
    if (s.additionalProperties && typeof s.additionalProperties === "object") {
      for (const k of Object.keys(obj))
        if (!(k in (s.properties ?? {})))
          fieldsOf(doc, s.additionalProperties, obj[k], where, [...pointer, k], out, depth + 1);
    }
    if (pointer.length > 0) out.push({ where, pointer, kind: "any" });
    return out;
  }
  if (types.includes("array")) {
    out.push({ where, pointer, kind: "array" });
    const first = Array.isArray(value) ? value[0] : undefined;
    if (s.items) fieldsOf(doc, s.items, first, where, [...pointer, 0], out, depth + 1);
    return out;
  }
  if (types.includes("string")) return (out.push({ where, pointer, kind: stringKind(s) }), out);
  if (types.includes("number") || types.includes("integer")) return (out.push({ where, pointer, kind: "number" }), out);
  if (types.includes("boolean")) return (out.push({ where, pointer, kind: "boolean" }), out);
  // No type (z.unknown()): the example's shape decides, so an import file is attacked field by field too.
  return fieldsOfExample(value, where, pointer, out, depth);
}

function fieldsOfExample(
  value: unknown,
  where: Where,
  pointer: (string | number)[],
  out: Field[],
  depth: number,
): Field[] {
  if (depth > 12) return out;
  if (Array.isArray(value)) {
    out.push({ where, pointer, kind: "array" });
    if (value.length) fieldsOfExample(value[0], where, [...pointer, 0], out, depth + 1);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) fieldsOfExample(v, where, [...pointer, k], out, depth + 1);
    out.push({ where, pointer, kind: "any" });
  } else if (typeof value === "string") out.push({ where, pointer, kind: "text" });
  else if (typeof value === "number") out.push({ where, pointer, kind: "number" });
  else if (typeof value === "boolean") out.push({ where, pointer, kind: "boolean" });
  else out.push({ where, pointer, kind: "any" });
  return out;
}

/** All fields of an operation: path and query parameters, then the body. */
export function operationFields(doc: unknown, op: OpenApiOperation, example: ExampleRequest): Field[] {
  const out: Field[] = [];
  for (const p of op.parameters ?? []) {
    if (p.in !== "path" && p.in !== "query") continue;
    const where = p.in as Where;
    const s = resolveRef(doc, p.schema);
    // Path and query values arrive as text; ids and filters are attacked with the full text set.
    const kind: FieldKind = typesOf(s).some((t) => t === "number" || t === "integer")
      ? "number"
      : s.enum
        ? "token"
        : "text";
    out.push({ where, pointer: [p.name], kind });
  }
  const body = op.requestBody?.content["application/json"]?.schema;
  if (body) fieldsOf(doc, body, example.body, "body", [], out);
  return out;
}

const RAW = "\u0000__raw_json__\u0000";

/** A copy of the example with `value` at the field; `raw` (NaN, Infinity) goes in as JSON text JSON cannot carry. */
export function withValue(
  example: ExampleRequest,
  field: Field,
  value: unknown,
  raw?: string,
): { req: ExampleRequest; rawBody?: string } {
  const req: ExampleRequest = structuredClone(example);
  const v = raw !== undefined ? (field.where === "body" ? RAW : raw) : value;
  if (field.where === "path") req.params[field.pointer[0] as string] = String(v);
  else if (field.where === "query") req.query[field.pointer[0] as string] = String(v);
  else if (field.pointer.length === 0) req.body = v;
  else {
    req.body ??= {};
    let o = req.body as Record<string | number, unknown>;
    field.pointer.slice(0, -1).forEach((k, i) => {
      if (o[k] === null || typeof o[k] !== "object") o[k] = typeof field.pointer[i + 1] === "number" ? [] : {};
      o = o[k] as Record<string | number, unknown>;
    });
    o[field.pointer[field.pointer.length - 1]] = v;
  }
  const rawBody =
    raw !== undefined && field.where === "body"
      ? JSON.stringify(req.body).replace(JSON.stringify(RAW), raw)
      : undefined;
  return { req, rawBody };
}

const RAW_URL = "\u0000__raw_url__\u0000";

/** A path or query value that goes into the URL exactly as given (a malformed percent-escape), not encoded. */
export function rawUrlText(text: string): string {
  return RAW_URL + text;
}

/** A path or query value as it appears in the URL: encoded, unless it was marked with rawUrlText. */
export function urlComponent(value: string): string {
  return value.startsWith(RAW_URL) ? value.slice(RAW_URL.length) : encodeURIComponent(value);
}

/** Fills {name} in a path template, each value URL-encoded (raw values as given). */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => urlComponent(params[k] ?? ""));
}

/** A query string from name → value, encoded like fillPath. */
export function queryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${urlComponent(v)}`)
    .join("&");
}

export function pointerText(f: Field): string {
  return `${f.where}:${f.pointer.join(".") || "(root)"}`;
}

/** Does `text` (a JSON response) hold `value` as one whole string, allowing the documented trim and NFC normalisation? */
export function holdsLiterally(json: unknown, value: string): boolean {
  const forms = new Set([value, value.trim(), value.normalize("NFC"), value.trim().normalize("NFC")]);
  let found = false;
  const visit = (v: unknown) => {
    if (found) return;
    if (typeof v === "string") found = forms.has(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(json);
  return found;
}
