// An STS stand-in on the emulator's own port: AssumeRole over the Query protocol (a form-encoded
// POST /, Version 2011-06-15, XML answers in the https://sts.amazonaws.com/doc/2011-06-15/
// namespace), SigV4-signed for service `sts` and verified independently of our signer
// (sigv4-verify.js). Roles, their trust, ExternalId and maximum session duration, and the regions
// where STS is not activated come from the seed. The session credentials it issues are accepted by
// the metering side as the role's account, with the role's permissions, until they expire.
// Constraints: botocore's sts/2011-06-15/service-2.json; error codes: the STS API Reference.

import { ApiError } from './errors.js';
import { verifySigV4 } from './sigv4-verify.js';
import { validateShape } from './validate.js';
import { accountOfArn, parseSessionPolicy, trusts } from './policy.js';
import { headersOf, mediaTypeOf, runApiRequest } from './pipeline.js';
import { xmlDocument } from './xml.js';

const VERSION = '2011-06-15';
const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const SERVICE = 'sts';
const DEFAULT_DURATION_SECONDS = 3600;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

// AssumeRole's input as botocore models it, in the shape-table form validate.js walks. botocore's
// arnType pattern is Java-flavoured (`\u10000-\u10FFFF`); ROLE_ARN checks the ARN instead.
const SHAPES = {
  AssumeRoleRequest: {
    type: 'structure',
    required: ['RoleArn', 'RoleSessionName'],
    members: {
      RoleArn: { shape: 'arnType' },
      RoleSessionName: { shape: 'roleSessionNameType' },
      DurationSeconds: { shape: 'roleDurationSecondsType' },
      ExternalId: { shape: 'externalIdType' },
      Policy: { shape: 'sessionPolicyDocumentType' },
    },
  },
  arnType: { type: 'string', min: 20, max: 2048 },
  roleSessionNameType: { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*' },
  roleDurationSecondsType: { type: 'integer', min: 900, max: 43200 },
  externalIdType: { type: 'string', min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*' },
  sessionPolicyDocumentType: { type: 'string', min: 1, max: 2048, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
};
const MODELLED = new Set(['Action', 'Version', ...Object.keys(SHAPES.AssumeRoleRequest.members)]);

// The JSON front end's auth errors (sigv4-verify.js) under their Query-protocol codes. An expired
// session token is ExpiredToken with HTTP 403 on Query services (aws/aws-sdk-java-v2#1649: STS
// "Status Code: 403"; cfn-sphere#55: IAM's <Code>ExpiredToken</Code> in a 403), although the STS
// model lists its ExpiredTokenException as 400.
const QUERY_CODES = {
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  ExpiredTokenException: ['ExpiredToken', 403],
};

/** The Query protocol's media type routes a request here; awsJson ones go to api.js. */
export const isStsRequest = (req) => mediaTypeOf(req.headers) === 'application/x-www-form-urlencoded';

const QUERY_PROTOCOL = {
  name: 'sts',
  contentType: 'text/xml',
  errorWire(err, ctx) {
    const [code, status] = QUERY_CODES[err.code] ?? [err.code, err.status];
    const body = xmlDocument(XMLNS, ['ErrorResponse', [
      ['Error', [['Type', status >= 500 ? 'Receiver' : 'Sender'], ['Code', code], ['Message', err.message]]],
      ['RequestId', ctx.requestId],
    ]]);
    return { status, body, code };
  },
  internalError: () => new ApiError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
  throttleError: () => new ApiError('Throttling', 'Rate exceeded'),
  sampleBody: (ctx) => assumeRoleResponse({
    accessKeyId: 'ASIAEMULATORTRUNCATED', secretAccessKey: 'truncated', sessionToken: 'truncated', expirationMs: 0,
    assumedRoleId: 'AROAEMULATORTRUNCATED:truncated', principalArn: 'arn:aws:sts::000000000000:assumed-role/truncated/truncated',
  }, ctx.requestId),
};

/**
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {Buffer} body @param {number} bodyBytes @param {object} emu emulator state (server.js)
 */
export function handleStsRequest(req, res, body, bodyBytes, emu) {
  const headers = headersOf(req);
  const params = new URLSearchParams(body.toString('utf8'));
  const action = params.get('Action');
  let scopeRegion;
  return runApiRequest(req, res, bodyBytes, emu, QUERY_PROTOCOL, {
    operation: action === 'AssumeRole' ? 'AssumeRole' : undefined,
    route() {
      if (req.method !== 'POST') throw new ApiError('InvalidAction', `The STS emulator answers POST only, not ${req.method}`);
      if (action === null) throw new ApiError('MissingAction', 'Missing Action');
      const version = params.get('Version') ?? 'NO_VERSION_SPECIFIED';
      if (action !== 'AssumeRole' || version !== VERSION) {
        throw new ApiError('InvalidAction', `Could not find operation ${action} for version ${version}`);
      }
    },
    async authenticate(ctx) {
      const url = new URL(req.url, 'http://emulator');
      const { key, region } = await verifySigV4(
        { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body },
        { findKey: emu.findKey, service: SERVICE, regions: [emu.region, ...emu.seed.stsDisabledRegions], nowMs: ctx.clockMs },
      );
      scopeRegion = region;
      return key;
    },
    execute(caller, fired, ctx) {
      const session = assumeRole(readInput(params), caller, { emu, region: scopeRegion });
      return assumeRoleResponse(session, ctx.requestId);
    },
  });
}

/** The form's parameters as a typed AssumeRoleRequest; parameters the emulator does not model are refused. */
function readInput(params) {
  const input = {};
  for (const [name, value] of params) {
    if (!MODELLED.has(name)) {
      // Ignoring e.g. PolicyArns or Tags would issue a session wider than asked for: say so instead.
      throw new ApiError('ValidationError', `The STS emulator does not model the parameter '${name.replace(/\.member\..*$/, '')}' (js/emulator/README.md)`);
    }
    if (name !== 'Action' && name !== 'Version') input[name] = value;
  }
  if (input.DurationSeconds !== undefined) {
    if (!/^[+-]?\d{1,10}$/.test(input.DurationSeconds)) {
      throw new ApiError('ValidationError', `Value '${input.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
    }
    input.DurationSeconds = Number(input.DurationSeconds);
  }
  validateShape(SHAPES, 'AssumeRoleRequest', input, 'ValidationError');
  return input;
}

/** Checks the request against the seed's roles and issues the session, or throws the STS error. */
function assumeRole(input, caller, { emu, region }) {
  const { RoleArn: roleArn, RoleSessionName: roleSessionName } = input;
  if (!ROLE_ARN.test(roleArn)) throw new ApiError('ValidationError', `${roleArn} is not a valid role ARN (arn:aws:iam::<account>:role/<name>)`);
  const sessionPolicy = input.Policy === undefined ? undefined : parseSessionPolicy(input.Policy);
  if (emu.seed.stsDisabledRegions.includes(region)) {
    throw new ApiError('RegionDisabledException',
      `STS is not activated in this region for account:${accountOfArn(roleArn)}. Your account administrator can activate STS in this region using the IAM Console.`, 403);
  }
  const role = emu.seed.roles.get(roleArn);
  // An unknown role, a caller the trust policy does not name, and a missing or wrong ExternalId
  // (the trust policy's sts:ExternalId condition) all look the same to the caller.
  if (!role || !trusts(role, caller.principalArn) || (role.externalId !== undefined && input.ExternalId !== role.externalId)) {
    throw new ApiError('AccessDenied', `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  }
  const durationSeconds = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (durationSeconds > role.maxSessionDurationSeconds) {
    throw new ApiError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return emu.sessions.issue({ role, roleSessionName, durationSeconds, nowMs: emu.now(), sessionPolicy });
}

function assumeRoleResponse(session, requestId) {
  return xmlDocument(XMLNS, ['AssumeRoleResponse', [
    ['AssumeRoleResult', [
      ['AssumedRoleUser', [['Arn', session.principalArn], ['AssumedRoleId', session.assumedRoleId]]],
      ['Credentials', [
        ['AccessKeyId', session.accessKeyId],
        ['SecretAccessKey', session.secretAccessKey],
        ['SessionToken', session.sessionToken],
        // ISO 8601 in whole seconds with Z, as STS sends it.
        ['Expiration', new Date(session.expirationMs).toISOString().replace(/\.\d{3}Z$/, 'Z')],
      ]],
    ]],
    ['ResponseMetadata', [['RequestId', requestId]]],
  ]]);
}
