// Error values of the emulator and their awsJson1_1 wire shape.
// Coral-hosted JSON services name modeled errors with the service's Smithy namespace and the
// framework's own errors (auth, serialization, routing) with com.amazon.coral.* namespaces, in both
// the `__type` body member and the `x-amzn-errortype` header ("Code:http://internal.amazon.com/coral/<ns>/").
// Clients strip the namespace (after `#`) and the header suffix (after `:`), so both forms must parse.

const SERVICE_NS = 'com.amazonaws.marketplacemetering';
export const CORAL_SERVICE_NS = 'com.amazon.coral.service';
const CORAL_VALIDATE_NS = 'com.amazon.coral.validate';

// Framework (non-modeled) error codes and the namespace AWS's front end reports them under.
const FRAMEWORK_NS = {
  UnrecognizedClientException: CORAL_SERVICE_NS,
  InvalidSignatureException: CORAL_SERVICE_NS,
  IncompleteSignatureException: CORAL_SERVICE_NS,
  MissingAuthenticationTokenException: CORAL_SERVICE_NS,
  AccessDeniedException: CORAL_SERVICE_NS,
  SerializationException: CORAL_SERVICE_NS,
  UnknownOperationException: CORAL_SERVICE_NS,
  RequestEntityTooLarge: CORAL_SERVICE_NS,
  ValidationException: CORAL_VALIDATE_NS,
  // DryRun answers are not in the model either (service-api.md §3.2).
  DryRunOperation: CORAL_SERVICE_NS,
  UnauthorizedException: CORAL_SERVICE_NS,
};

export class ApiError extends Error {
  /**
   * @param {string} code @param {string|undefined} message @param {number} status
   * @param {string} [namespace] for a framework error whose code is also a modeled one: the expired
   *   session token's ExpiredTokenException (service-api.md §4, "Name clash")
   */
  constructor(code, message, status = 400, namespace = undefined) {
    super(message ?? code);
    this.code = code;
    this.status = status;
    // Coral omits `message` for some framework errors (e.g. UnknownOperationException).
    this.hasMessage = message !== undefined;
    this.explicitNamespace = namespace;
  }

  get namespace() {
    return this.explicitNamespace ?? FRAMEWORK_NS[this.code] ?? SERVICE_NS;
  }

  /** The body and headers AWS sends for this error. */
  toWire() {
    const body = { __type: `${this.namespace}#${this.code}` };
    if (this.hasMessage) body.message = this.message;
    return {
      status: this.status,
      headers: { 'x-amzn-errortype': `${this.code}:http://internal.amazon.com/coral/${this.namespace}/` },
      body: JSON.stringify(body),
    };
  }
}

/** Shorthand used by the operation handlers: `fail('InvalidProductCodeException', '...')`. */
export function fail(code, message, status = 400) {
  throw new ApiError(code, message, status);
}
