// The emulator's fixed world: access keys, products with their dimensions, and subscribed customers.
// See README.md "Seed format".

import { readFileSync } from 'node:fs';

export const DEFAULT_SEED_PATH = new URL('./seed.json', import.meta.url);

/** Accepts a seed object, a path/URL to a JSON file, or nothing (the default seed). */
export function loadSeed(seed = DEFAULT_SEED_PATH) {
  const raw = typeof seed === 'object' && !(seed instanceof URL) ? seed : JSON.parse(readFileSync(seed, 'utf8'));
  const accessKeys = raw.accessKeys ?? [];
  const products = raw.products ?? [];
  const customers = (raw.customers ?? []).map((c) => ({ subscribed: true, ...c }));
  for (const k of accessKeys) {
    if (!k.accessKeyId || !k.secretAccessKey || !k.accountId) throw new TypeError('seed access keys need accessKeyId, secretAccessKey and accountId');
  }
  for (const p of products) {
    if (!p.productCode || !Array.isArray(p.dimensions)) throw new TypeError('seed products need productCode and dimensions[]');
  }
  for (const c of customers) {
    if (!c.productCode || !(c.customerIdentifier || c.awsAccountId)) throw new TypeError('seed customers need productCode and customerIdentifier or awsAccountId');
    if (c.licenseArn && !c.awsAccountId) throw new TypeError('seed customers with licenseArn need awsAccountId');
  }
  return new Seed(accessKeys, products, customers);
}

export class Seed {
  constructor(accessKeys, products, customers) {
    this.accessKeys = accessKeys;
    this.products = new Map(products.map((p) => [p.productCode, p]));
    this.customers = customers;
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
