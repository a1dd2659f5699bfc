// Registration tokens for ResolveCustomer and the RegisterUsage JWT.
// Tokens are opaque to clients: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload)),
// so the emulator keeps no token table and a tampered token fails the MAC (InvalidTokenException).
// RegisterUsage signatures are ES256 JWTs (RFC 7515/7518) from a P-256 key made at start.

import { createHmac, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

export class RegistrationTokens {
  constructor() {
    this.secret = randomBytes(32);
  }

  /** @param {string} customerKey seed lookup key @param {number} issuedAtMs emulator clock */
  mint(customerKey, issuedAtMs) {
    // The nonce keeps two tokens minted in the same millisecond distinct.
    const payload = b64url(JSON.stringify({ c: customerKey, iat: issuedAtMs, n: b64url(randomBytes(6)) }));
    return `${payload}.${this.mac(payload)}`;
  }

  /** Returns `{customerKey, issuedAtMs}` or null for garbage and tampered tokens. */
  open(token) {
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [payload, mac] = parts;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof claims.c !== 'string' || !Number.isFinite(claims.iat)) return null;
      return { customerKey: claims.c, issuedAtMs: claims.iat };
    } catch {
      return null;
    }
  }

  mac(payload) {
    return b64url(createHmac('sha256', this.secret).update(payload).digest());
  }
}

export class JwtSigner {
  constructor(createdAtMs) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.createdAtMs = createdAtMs;
  }

  /** JWT with `alg: ES256`; the signature is raw r||s (ieee-p1363), as JWS requires, not DER. */
  sign(claims) {
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: '1' }));
    const body = b64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${header}.${body}`), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${header}.${body}.${b64url(signature)}`;
  }

  publicKeyDocument() {
    return {
      publicKeyVersion: 1,
      jwk: { ...this.publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: '1' },
      pem: this.publicKey.export({ format: 'pem', type: 'spki' }),
    };
  }
}
