// The session credentials the STS stand-in issues (AssumeRole): kept until the emulator resets,
// accepted by both protocols as the role's account until they expire by the emulator's clock.

import { createHash, randomBytes } from 'node:crypto';
import { accountOfArn } from './policy.js';

// Access key and role ids are upper-case letters and the digits 2-7 (base32), as AWS's are.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base32 = (bytes, length) => Array.from(bytes.subarray(0, length), (b) => BASE32[b & 31]).join('');

// Real secrets and session tokens are base64 with '+' and '/' (tokens often end in '='). These
// always have both, and the token its '=', so a client that puts one unescaped into a URL, a form
// or XML is caught: bytes 0xfb 0xff at a multiple of 3 encode as "+/".
function base64WithSpecials(byteLength) {
  const bytes = randomBytes(byteLength);
  bytes[3] = 0xfb;
  bytes[4] = 0xff;
  return bytes.toString('base64');
}

/** `AROA` + 17 characters, the same for the same role ARN. */
const roleIdOf = (roleArn) => `AROA${base32(createHash('sha256').update(roleArn).digest(), 17)}`;

const roleNameOf = (roleArn) => roleArn.slice(roleArn.lastIndexOf('/') + 1);

export class Sessions {
  constructor() {
    this.byKey = new Map();
  }

  /**
   * @param {{role: object, roleSessionName: string, durationSeconds: number, nowMs: number,
   *   sessionPolicy?: {allow: string[], deny: string[]}}} request
   */
  issue({ role, roleSessionName, durationSeconds, nowMs, sessionPolicy }) {
    const accountId = accountOfArn(role.roleArn);
    // Expiration is sent in whole seconds; the credentials stop working at exactly that second.
    const expirationMs = Math.floor((nowMs + durationSeconds * 1000) / 1000) * 1000;
    const session = {
      accessKeyId: `ASIA${base32(randomBytes(16), 16)}`,
      secretAccessKey: base64WithSpecials(30), // 40 characters, as AWS's
      sessionToken: base64WithSpecials(302), // ends in one '='
      accountId,
      principalArn: `arn:aws:sts::${accountId}:assumed-role/${roleNameOf(role.roleArn)}/${roleSessionName}`,
      assumedRoleId: `${roleIdOf(role.roleArn)}:${roleSessionName}`,
      roleArn: role.roleArn,
      roleSessionName,
      issuedAtMs: nowMs,
      expirationMs,
      permissions: role.permissions,
      sessionPolicy,
    };
    this.byKey.set(session.accessKeyId, session);
    return session;
  }

  find(accessKeyId) {
    return this.byKey.get(accessKeyId);
  }

  /** What the admin API shows of each session: never its secret key or session token. */
  list(nowMs) {
    return [...this.byKey.values()].map((s) => ({
      accessKeyId: s.accessKeyId,
      roleArn: s.roleArn,
      roleSessionName: s.roleSessionName,
      assumedRoleArn: s.principalArn,
      accountId: s.accountId,
      issuedAt: new Date(s.issuedAtMs).toISOString(),
      expiration: new Date(s.expirationMs).toISOString(),
      expired: nowMs >= s.expirationMs,
    }));
  }

  /** Ends one session (or every one) now by the emulator clock; returns how many ended. */
  expire(accessKeyId, nowMs) {
    const targets = accessKeyId === undefined ? [...this.byKey.values()] : [this.byKey.get(accessKeyId)].filter(Boolean);
    if (accessKeyId !== undefined && targets.length === 0) throw new TypeError(`no session with access key ${accessKeyId}`);
    for (const s of targets) s.expirationMs = Math.min(s.expirationMs, nowMs);
    return targets.length;
  }

  reset() {
    this.byKey.clear();
  }
}
