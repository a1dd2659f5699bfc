// ResolveCustomer (SaaS registration tokens) and RegisterUsage (container JWT), per service-api.md §3.3–3.4.

import { randomUUID } from 'node:crypto';
import { fail } from './errors.js';
import { Seed } from './seed.js';

// "The token has an expiration window of 4 hours ... it will keep returning the same response values".
export const TOKEN_TTL_MS = 4 * 3600 * 1000;

export function resolveCustomer(input, { seed, tokens, nowMs }) {
  const opened = tokens.open(input.RegistrationToken);
  const customer = opened && seed.customers.find((c) => Seed.customerKey(c) === opened.customerKey);
  if (!customer) fail('InvalidTokenException', 'Registration token is invalid');
  if (nowMs - opened.issuedAtMs >= TOKEN_TTL_MS) fail('ExpiredTokenException', 'Registration token has expired');
  const out = { ProductCode: customer.productCode };
  // Only what the seed knows: new (license) integrations have no CustomerIdentifier.
  if (customer.customerIdentifier) out.CustomerIdentifier = customer.customerIdentifier;
  if (customer.awsAccountId) out.CustomerAWSAccountId = customer.awsAccountId;
  if (customer.licenseArn) out.LicenseArn = customer.licenseArn;
  return out;
}

export function registerUsage(input, { seed, jwt, nowMs, accountId }) {
  const product = seed.products.get(input.ProductCode);
  if (!product) fail('InvalidProductCodeException', `Product code '${input.ProductCode}' is invalid.`);
  // The emulator publishes a single key, version 1.
  if (input.PublicKeyVersion !== 1) fail('InvalidPublicKeyVersionException', `Public key version ${input.PublicKeyVersion} is invalid.`);
  if (!seed.isEntitled(product, accountId)) fail('CustomerNotEntitledException', 'The customer is not entitled to the product.');
  const customer = seed.customers.find((c) => c.productCode === product.productCode && c.awsAccountId === accountId);
  const claims = {
    productCode: product.productCode,
    publicKeyVersion: 1,
    nonce: input.Nonce ?? randomUUID(),
    timestamp: new Date(nowMs).toISOString(),
  };
  if (customer?.customerIdentifier) claims.customerIdentifier = customer.customerIdentifier;
  return { Signature: jwt.sign(claims), PublicKeyRotationTimestamp: Math.floor(jwt.createdAtMs / 1000) };
}
