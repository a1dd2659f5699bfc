// The little of IAM the emulator needs: who may assume a role (its trust policy), what a key may do
// (its identity policy, narrowed by a session policy), following the IAM User Guide's policy
// evaluation: an action is allowed when an Allow matches it and no Deny does. Actions match
// case-insensitively with `*` and `?` wildcards ("aws-marketplace:*").

import { ApiError } from './errors.js';

const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;

const patternCache = new Map();
function actionMatches(pattern, action) {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

const anyMatches = (patterns, action) => patterns.some((p) => actionMatches(p, action));

/**
 * Whether `key` may perform `action`. A seed key without `permissions` may do anything (the
 * emulator's long-term keys predate IAM in it); a role session has its role's permissions, narrowed
 * by the session policy passed to AssumeRole.
 */
function allows(key, action) {
  if (key.permissions === undefined) return true;
  if (!anyMatches(key.permissions, action)) return false;
  const session = key.sessionPolicy;
  return !session || (anyMatches(session.allow, action) && !anyMatches(session.deny, action));
}

/** Throws AccessDeniedException (Coral JSON: HTTP 400) unless `key` may perform `action`. */
export function authorize(key, action) {
  if (!allows(key, action)) {
    throw new ApiError('AccessDeniedException',
      `User: ${key.principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`);
  }
}

/** The account id in an IAM or STS ARN, or undefined. */
export const accountOfArn = (arn) => ACCOUNT_OF_ARN.exec(arn)?.[1];

/** A role's trust policy: the principal itself, or its account's root (every principal of that account). */
export function trusts(role, principalArn) {
  const account = accountOfArn(principalArn);
  return role.trustedPrincipals.some((p) => p === principalArn || (account !== undefined && p === `arn:aws:iam::${account}:root`));
}

/**
 * Parses an inline session policy into its allowed and denied actions.
 * @returns {{allow:string[], deny:string[]}} @throws {ApiError} MalformedPolicyDocument
 */
export function parseSessionPolicy(text) {
  const malformed = (why) => new ApiError('MalformedPolicyDocument', why);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('The policy is not in the valid JSON format.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw malformed('The policy is not in the valid JSON format.');
  if (doc.Statement === undefined) throw malformed('Syntax errors in policy.');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const out = { allow: [], deny: [] };
  for (const st of statements) {
    if (typeof st !== 'object' || st === null || (st.Effect !== 'Allow' && st.Effect !== 'Deny')) throw malformed('Syntax errors in policy.');
    const actions = typeof st.Action === 'string' ? [st.Action] : st.Action;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string')) {
      throw malformed('Syntax errors in policy.');
    }
    out[st.Effect === 'Allow' ? 'allow' : 'deny'].push(...actions);
  }
  return out;
}
