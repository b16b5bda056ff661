/**
 * A JSON Schema 2020-12 checker for the keywords the OpenAPI document uses (z.toJSONSchema output): type,
 * properties/required/additionalProperties/propertyNames, items/minItems/maxItems, enum/const, anyOf/oneOf/allOf,
 * numeric and string bounds, pattern and local $ref. A keyword it does not know fails the check, so the contract
 * test cannot pass by ignoring part of a schema.
 */
type Schema = Record<string, unknown> | boolean;

const KNOWN = new Set([
  "$schema",
  "$ref",
  "$defs",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "minItems",
  "maxItems",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "default",
  "description",
  "title",
]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const typeMatches = (t: string, v: unknown) => typeOf(v) === t || (t === "number" && typeOf(v) === "integer");

/** Every way `value` breaks `schema`, as "path: problem" lines; empty when it conforms. */
export function schemaErrors(root: unknown, schema: Schema, value: unknown, at = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  const s = schema as Record<string, unknown>;
  const errs: string[] = [];
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) errs.push(`${at}: the checker does not know the keyword '${k}'`);
  if (typeof s.$ref === "string") {
    const target = (s.$ref as string)
      .replace(/^#\/?/, "")
      .split("/")
      .filter(Boolean)
      .reduce((o: unknown, k) => (o as Record<string, unknown>)?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], root);
    if (target === undefined) errs.push(`${at}: unresolved $ref ${s.$ref}`);
    else errs.push(...schemaErrors(root, target as Schema, value, at));
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, value)))
      return [...errs, `${at}: expected ${types.join(" or ")}, got ${typeOf(value)}`];
  }
  if (s.enum && !(s.enum as unknown[]).some((e) => e === value))
    errs.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ("const" in s && s.const !== value)
    errs.push(`${at}: expected ${JSON.stringify(s.const)}, got ${JSON.stringify(value)}`);
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) errs.push(`${at}: ${value} < minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && value > s.maximum) errs.push(`${at}: ${value} > maximum ${s.maximum}`);
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum)
      errs.push(`${at}: ${value} <= exclusiveMinimum ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum)
      errs.push(`${at}: ${value} >= exclusiveMaximum ${s.exclusiveMaximum}`);
  }
  if (typeof value === "string") {
    const n = [...value].length;
    if (typeof s.minLength === "number" && n < s.minLength) errs.push(`${at}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && n > s.maxLength) errs.push(`${at}: longer than ${s.maxLength}`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value))
      errs.push(`${at}: ${JSON.stringify(value.slice(0, 60))} does not match ${s.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) errs.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === "number" && value.length > s.maxItems) errs.push(`${at}: more than ${s.maxItems} items`);
    if (s.items !== undefined)
      value.forEach((v, i) => errs.push(...schemaErrors(root, s.items as Schema, v, `${at}[${i}]`)));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required as string[] | undefined) ?? [])
      if (!(r in obj)) errs.push(`${at}: missing required '${r}'`);
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errs.push(...schemaErrors(root, props[k], v, `${at}.${k}`));
      else if (s.additionalProperties !== undefined)
        errs.push(
          ...schemaErrors(root, s.additionalProperties as Schema, v, `${at}.${k}`).map((e) =>
            s.additionalProperties === false ? `${at}: '${k}' is not in the schema` : e,
          ),
        );
      if (s.propertyNames !== undefined) errs.push(...schemaErrors(root, s.propertyNames as Schema, k, `${at}{${k}}`));
    }
  }
  if (s.allOf) for (const sub of s.allOf as Schema[]) errs.push(...schemaErrors(root, sub, value, at));
  if (s.anyOf) {
    const branches = (s.anyOf as Schema[]).map((b) => schemaErrors(root, b, value, at));
    if (!branches.some((b) => b.length === 0))
      errs.push(`${at}: matches no anyOf branch (${branches.map((b) => b[0]).join(" | ")})`);
  }
  if (s.oneOf) {
    const branches = (s.oneOf as Schema[]).map((b) => schemaErrors(root, b, value, at));
    const n = branches.filter((b) => b.length === 0).length;
    if (n !== 1)
      errs.push(`${at}: matches ${n} oneOf branches, not 1 (${branches.map((b) => b[0] ?? "ok").join(" | ")})`);
  }
  return errs;
}
