// Input checks driven by the service model (model-shapes.js, generated from
// shared/aws-model/marketplace-metering.smithy.json by `make generate`), and by STS's
// AssumeRole shapes (sts.js).
// Wrong JSON types are SerializationException (the deserializer fails before validation runs);
// constraint violations are one ValidationException listing every violation in Coral's wording:
// "2 validation errors detected: Value 'x' at 'usageRecords.1.member.dimension' failed to satisfy constraint: ...".

import { ApiError } from './errors.js';
import { operations, shapes } from './model-shapes.js';

export { operations };

// Java's String.matches() is a full match; the model's patterns are anchored `^…$` already, and
// the wrapping keeps an unanchored one from matching inside a string.
const patternCache = new Map();
function fullMatch(pattern, value) {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

// Coral paths use lower-camel member names and 1-based `.N.member` list items.
const memberPath = (parent, name) => {
  const lower = name.charAt(0).toLowerCase() + name.slice(1);
  return parent ? `${parent}.${lower}` : lower;
};

const show = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

function serializationError(path) {
  return new ApiError('SerializationException', `Unexpected value type at '${path || 'body'}'`);
}

/** Walks `value` against `shapeName` of `shapes`, throwing on type errors and collecting constraint violations. */
function check(shapes, shapeName, value, path, violations) {
  const shape = shapes[shapeName];
  const violate = (constraint) =>
    violations.push(`Value '${show(value)}' at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serializationError(path);
      for (const name of shape.required ?? []) {
        if (value[name] === undefined || value[name] === null) {
          violations.push(`Value null at '${memberPath(path, name)}' failed to satisfy constraint: Member must not be null`);
        }
      }
      // Unknown members are ignored, as AWS's deserializer does.
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (value[name] !== undefined && value[name] !== null) {
          check(shapes, member.shape, value[name], memberPath(path, name), violations);
        }
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) throw serializationError(path);
      if (shape.min !== undefined && value.length < shape.min) violate(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) violate(`have length less than or equal to ${shape.max}`);
      // Elements past a too-long list are not walked: the list itself is already rejected.
      const bound = Math.min(value.length, shape.max ?? value.length);
      for (let i = 0; i < bound; i++) {
        if (value[i] === null) throw serializationError(`${path}.${i + 1}.member`);
        check(shapes, shape.member.shape, value[i], `${path}.${i + 1}.member`, violations);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') throw serializationError(path);
      if (shape.min !== undefined && value.length < shape.min) violate(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) violate(`have length less than or equal to ${shape.max}`);
      if (shape.pattern !== undefined && !fullMatch(shape.pattern, value)) {
        violate(`satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'integer': {
      if (!Number.isInteger(value)) throw serializationError(path);
      if (shape.min !== undefined && value < shape.min) violate(`have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) violate(`have value less than or equal to ${shape.max}`);
      return;
    }
    case 'timestamp': {
      // awsJson1_1 timestamps are epoch seconds; SDKs send integers or fractions (service-api.md §6).
      if (typeof value !== 'number' || !Number.isFinite(value)) throw serializationError(path);
      return;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') throw serializationError(path);
      return;
    }
    default:
      throw serializationError(path);
  }
}

/**
 * Checks `input` against `shapeName` of a botocore-style shape table; throws SerializationException
 * for a wrong type, or one `code` error (ValidationException for JSON services, ValidationError for
 * Query ones) listing every constraint violation.
 */
export function validateShape(shapes, shapeName, input, code) {
  const violations = [];
  check(shapes, shapeName, input, '', violations);
  if (violations.length > 0) {
    const noun = violations.length === 1 ? 'validation error' : 'validation errors';
    throw new ApiError(code, `${violations.length} ${noun} detected: ${violations.join('; ')}`);
  }
}

/** Throws SerializationException or ValidationException; returns nothing when `input` is valid. */
export function validateInput(operation, input) {
  validateShape(shapes, operations[operation].input, input, 'ValidationException');
}
