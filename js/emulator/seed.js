// The emulator's fixed world: access keys, products with their dimensions, subscribed customers, and
// the IAM roles the STS stand-in lets callers assume. See README.md "Seed format".

import { readFileSync } from 'node:fs';

export const DEFAULT_SEED_PATH = new URL('./seed.json', import.meta.url);

/** Accepts a seed object, a path/URL to a JSON file, or nothing (the default seed). */
export function loadSeed(seed = DEFAULT_SEED_PATH) {
  const raw = typeof seed === 'object' && !(seed instanceof URL) ? seed : JSON.parse(readFileSync(seed, 'utf8'));
  const products = raw.products ?? [];
  const customers = (raw.customers ?? []).map((c) => ({ subscribed: true, ...c }));
  // The identity a trust policy names; a key without one is an IAM user named after it.
  const accessKeys = (raw.accessKeys ?? []).map((k) => ({ principalArn: `arn:aws:iam::${k.accountId}:user/${k.accessKeyId}`, ...k }));
  const roles = (raw.roles ?? []).map((r) => ({ maxSessionDurationSeconds: 3600, ...r }));
  for (const k of accessKeys) {
    if (!k.accessKeyId || !k.secretAccessKey || !k.accountId) throw new TypeError('seed access keys need accessKeyId, secretAccessKey and accountId');
  }
  for (const r of roles) {
    if (!/^arn:aws:iam::\d{12}:role\/\S+$/.test(r.roleArn ?? '') || !Array.isArray(r.trustedPrincipals) || !Array.isArray(r.permissions)) {
      throw new TypeError('seed roles need roleArn (arn:aws:iam::<account>:role/<name>), trustedPrincipals[] and permissions[]');
    }
    if (!Number.isInteger(r.maxSessionDurationSeconds) || r.maxSessionDurationSeconds < 3600 || r.maxSessionDurationSeconds > 43200) {
      throw new TypeError('seed roles: maxSessionDurationSeconds is 3600..43200, as IAM allows');
    }
  }
  for (const p of products) {
    if (!p.productCode || !Array.isArray(p.dimensions)) throw new TypeError('seed products need productCode and dimensions[]');
  }
  for (const c of customers) {
    if (!c.productCode || !(c.customerIdentifier || c.awsAccountId)) throw new TypeError('seed customers need productCode and customerIdentifier or awsAccountId');
    if (c.licenseArn && !c.awsAccountId) throw new TypeError('seed customers with licenseArn need awsAccountId');
  }
  return new Seed({ accessKeys, products, customers, roles, stsDisabledRegions: raw.stsDisabledRegions ?? [] });
}

export class Seed {
  constructor({ accessKeys, products, customers, roles, stsDisabledRegions }) {
    this.accessKeys = accessKeys;
    this.products = new Map(products.map((p) => [p.productCode, p]));
    this.customers = customers;
    this.roles = new Map(roles.map((r) => [r.roleArn, r]));
    this.stsDisabledRegions = stsDisabledRegions;
  }

  /** The key that names a customer in a registration token. */
  static customerKey(c) {
    return c.customerIdentifier ?? c.licenseArn ?? `${c.productCode}/${c.awsAccountId}`;
  }

  /** Finds a customer by identifier, license ARN, AWS account id or token key (admin token minting). */
  findForToken(name) {
    return this.customers.find((c) => Seed.customerKey(c) === name)
      ?? this.customers.find((c) => c.customerIdentifier === name || c.licenseArn === name || c.awsAccountId === name);
  }

  byLicense(licenseArn) {
    return this.customers.find((c) => c.licenseArn === licenseArn);
  }

  /** Legacy and 2025-style lookup inside one product: CustomerIdentifier or CustomerAWSAccountId. */
  byProductCustomer(productCode, { customerIdentifier, awsAccountId }) {
    return this.customers.find((c) => c.productCode === productCode
      && (customerIdentifier ? c.customerIdentifier === customerIdentifier : c.awsAccountId === awsAccountId));
  }

  /** MeterUsage/RegisterUsage: products without `entitledAccounts` are open to every account. */
  isEntitled(product, accountId) {
    return !product.entitledAccounts || product.entitledAccounts.includes(accountId);
  }
}
