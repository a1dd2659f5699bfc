// Reads the Smithy JSON AST (shared/aws-model/marketplace-metering.smithy.json) into the small
// form every emitter works from. Whatever the outputs cannot represent exactly (a shape type
// schema.rs has no row for, a default other than "", a constraint on a member) throws, so a
// model change fails generation instead of being dropped.

import { compilePattern } from "./patterns.mjs";

const T = "smithy.api#";

/** The range of a Smithy `integer`: an integer shape's bounds when it has no `@range`. */
export const I32 = [-2147483648, 2147483647];

/** `CustomerAWSAccountId` -> `customerAWSAccountId`: the JS API's names. */
export const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

/** `CustomerAWSAccountId` -> ["Customer", "AWS", "Account", "Id"]. */
export const words = (s) =>
  s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").split("_").filter(Boolean);

// Prelude shapes a member may target directly.
const PRELUDE = {
  String: { type: "string" },
  Boolean: { type: "boolean" },
  PrimitiveBoolean: { type: "boolean" },
  Integer: { type: "integer" },
  PrimitiveInteger: { type: "integer" },
  Timestamp: { type: "timestamp" },
};

// Traits that change nothing the outputs hold (documentation, API metadata) or that awsJson1_1
// ignores (`jsonName` belongs to restJson1). Any other trait on a member fails generation.
const MEMBER_TRAITS = new Set(["documentation", "required", "default", "addedDefault", "idempotencyToken",
  "jsonName", "deprecated", "sensitive", "clientOptional", "timestampFormat"].map((t) => T + t));

/**
 * @returns {{ service, operations, errors, shapes: Map<string, object> }}: `shapes` holds every
 * shape the operations' inputs and outputs reach, in discovery order (operation by operation,
 * input before output, depth first); `errors` every error structure, sorted by name.
 */
export function readModel(json) {
  const all = json.shapes;
  const fail = (why) => {
    throw new Error(`model: ${why}`);
  };
  const services = Object.entries(all).filter(([, s]) => s.type === "service");
  if (services.length !== 1) fail(`expected one service shape, found ${services.length}`);
  const [[serviceId, svc]] = services;
  const traits = svc.traits ?? {};
  if (!traits["aws.protocols#awsJson1_1"]) fail("the service is not awsJson1_1");
  if (svc.resources?.length) fail("service resources are not supported");
  const name = (id) => id.slice(id.indexOf("#") + 1);
  const doc = (node) => node?.traits?.[T + "documentation"] ?? "";
  const service = {
    name: name(serviceId),
    sdkId: traits["aws.api#service"]?.sdkId ?? fail("no aws.api#service sdkId"),
    signingName: traits["aws.auth#sigv4"]?.name ?? fail("no aws.auth#sigv4 name"),
    targetPrefix: name(serviceId), // awsJson1_1: X-Amz-Target is `<service shape name>.<operation>`
    apiVersion: svc.version ?? fail("no service version"),
  };

  const shapes = new Map();
  const byName = new Map();
  const resolve = (id) => {
    if (all[id]) return all[id];
    if (id.startsWith(T) && PRELUDE[name(id)]) return PRELUDE[name(id)];
    fail(`unknown shape ${id}`);
  };

  // Adds the shape `id` (and what it reaches) to `shapes`; returns its name.
  const visit = (id) => {
    const shapeName = name(id);
    if (byName.has(shapeName)) {
      if (byName.get(shapeName) !== id) fail(`two shapes named ${shapeName}: ${byName.get(shapeName)} and ${id}`);
      return shapeName;
    }
    byName.set(shapeName, id);
    const s = resolve(id);
    const t = s.traits ?? {};
    const length = t[T + "length"];
    const range = t[T + "range"];
    const only = (type, ...keys) => {
      for (const k of keys) if (t[T + k] !== undefined && s.type !== type) fail(`${shapeName}: @${k} on a ${s.type}`);
    };
    only("string", "pattern");
    only("integer", "range");
    if (length && !["string", "list"].includes(s.type)) fail(`${shapeName}: @length on a ${s.type}`);
    const base = { name: shapeName, doc: doc(s) };
    let shape;
    switch (s.type) {
      case "structure": {
        if (t[T + "error"]) fail(`${shapeName}: an error structure used as a member`);
        shape = { ...base, kind: "structure", members: [] };
        shapes.set(shapeName, shape); // before members, so recursion terminates
        for (const [wireName, m] of Object.entries(s.members ?? {})) {
          const mt = m.traits ?? {};
          for (const k of Object.keys(mt)) if (!MEMBER_TRAITS.has(k)) fail(`${shapeName}.${wireName}: trait ${k} is not supported on a member`);
          const dflt = mt[T + "default"];
          const format = mt[T + "timestampFormat"];
          if (format !== undefined && format !== "epoch-seconds") fail(`${shapeName}.${wireName}: timestampFormat ${format}`);
          const target = visit(m.target);
          if (dflt !== undefined && !(dflt === "" && shapes.get(target).kind === "string")) {
            fail(`${shapeName}.${wireName}: default ${JSON.stringify(dflt)} (only "" on a string is supported)`);
          }
          shape.members.push({
            wireName,
            jsName: lowerFirst(wireName),
            target,
            required: mt[T + "required"] !== undefined,
            defaultEmpty: dflt === "",
            idempotencyToken: mt[T + "idempotencyToken"] !== undefined,
            doc: doc(m),
          });
        }
        return shapeName;
      }
      case "list":
        shape = { ...base, kind: "list", min: length?.min ?? null, max: length?.max ?? null };
        shapes.set(shapeName, shape);
        shape.member = visit(s.member.target);
        return shapeName;
      case "string": {
        const legacyEnum = t[T + "enum"];
        if (legacyEnum) shape = { ...base, kind: "enum", values: legacyEnum.map((e) => e.value) };
        else {
          const pattern = t[T + "pattern"];
          if (pattern !== undefined) compilePattern(pattern); // refuse early, naming the shape
          shape = { ...base, kind: "string", min: length?.min ?? null, max: length?.max ?? null, pattern: pattern ?? null };
        }
        break;
      }
      case "enum":
        shape = { ...base, kind: "enum", values: Object.values(s.members).map((m) => m.traits[T + "enumValue"]) };
        break;
      case "integer":
        shape = { ...base, kind: "integer", min: range?.min ?? null, max: range?.max ?? null };
        break;
      case "boolean":
      case "timestamp":
        shape = { ...base, kind: s.type };
        break;
      default:
        fail(`${shapeName}: shapes of type ${s.type} have no row in src/model/schema.rs`);
    }
    shapes.set(shapeName, shape);
    return shapeName;
  };

  const operations = (svc.operations ?? []).map(({ target }) => {
    const op = all[target] ?? fail(`unknown operation ${target}`);
    const opName = name(target);
    if (!op.input || !op.output) fail(`${opName}: an operation without input or output`);
    const input = visit(op.input.target);
    const output = visit(op.output.target);
    for (const s of [input, output]) if (shapes.get(s).kind !== "structure") fail(`${opName}: ${s} is not a structure`);
    return { name: opName, jsName: lowerFirst(opName), input, output, errors: (op.errors ?? []).map((e) => name(e.target)), doc: doc(op) };
  });

  const errors = Object.entries(all)
    .filter(([, s]) => s.type === "structure" && s.traits?.[T + "error"])
    .map(([id, s]) => ({
      code: name(id),
      fault: s.traits[T + "error"],
      httpStatus: s.traits[T + "httpError"] ?? 0,
      doc: doc(s),
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const op of operations) {
    for (const e of op.errors) if (!errors.some((x) => x.code === e)) fail(`${op.name}: error ${e} is not an error structure`);
  }
  return { service, operations, errors, shapes };
}
