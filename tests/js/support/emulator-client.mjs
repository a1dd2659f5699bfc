// Test-side client for the emulator: signs with @smithy/signature-v4 (resolved from the repo root's
// node_modules, wherever the test runs from) and sends over node:http so a test controls every byte
// and sees resets and truncated bodies as they are.

import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';

const requireFromRoot = createRequire(new URL('../../../package.json', import.meta.url));
export const { SignatureV4 } = requireFromRoot('@smithy/signature-v4');
export const { Sha256 } = requireFromRoot('@aws-crypto/sha256-js');
export const sdk = requireFromRoot('@aws-sdk/client-marketplace-metering');
export const stsSdk = requireFromRoot('@aws-sdk/client-sts');

export const SELLER = { accessKeyId: 'AKIDEMULATOREXAMPLE', secretAccessKey: 'emulatorSecretKey/K7MDENG/bPxRfiCYEXAMPLEKEY' };
export const BUYER = {
  accessKeyId: 'ASIAEMULATORSESSION',
  secretAccessKey: 'emulatorSessionSecret/wJalrXUtnFEMI/EXAMPLEKEY',
  sessionToken: 'emulator-session-token-FwoGZXIvYXdzEXAMPLE',
};

/** Sends one raw HTTP request; resolves `{status, headers, text, json}` or `{error}` (reset, cut body). */
export function send(url, { method = 'POST', path = '/', headers = {}, body = '' }) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({ hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (error) => resolve({ error, status: res.statusCode }));
      res.on('aborted', () => resolve({ error: new Error('aborted'), status: res.statusCode }));
      res.on('end', () => {
        if (!res.complete) return resolve({ error: new Error('incomplete'), status: res.statusCode });
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', (error) => resolve({ error }));
    req.end(body);
  });
}

/**
 * Signs and sends an API call.
 * @param {{url:string, port:number}} emu
 * @param {string} operation e.g. 'BatchMeterUsage'
 * @param {object|string} input JSON input, or a raw body string
 * @param {{credentials?:object, signingDate?:Date, region?:string, service?:string, contentType?:string,
 *   target?:string, tamper?:(req:object)=>void}} [opts]
 */
export async function call(emu, operation, input, opts = {}) {
  const signed = await sign(emu, operation, input, opts);
  return send(emu.url, { headers: signed.headers, body: signed.body });
}

/** Builds and signs the request `call` would send, without sending it. */
export function sign(emu, operation, input, opts = {}) {
  const body = typeof input === 'string' ? input : JSON.stringify(input);
  const headers = {
    'content-type': opts.contentType ?? 'application/x-amz-json-1.1',
    'x-amz-target': opts.target ?? `AWSMPMeteringService.${operation}`,
  };
  return signRequest(emu, { headers, body }, { ...opts, service: opts.service ?? 'aws-marketplace' });
}

/**
 * Signs and sends an STS Query request: a form-encoded POST / with `Action` and `Version` first.
 * @param {Record<string,string>|string} params the parameters after Action/Version, or a raw body
 * @param {{action?:string, version?:string|null}} [opts] also every option of `call`
 */
export async function callSts(emu, params, opts = {}) {
  const { action = 'AssumeRole', version = '2011-06-15' } = opts;
  const body = typeof params === 'string' ? params
    : new URLSearchParams({ Action: action, ...(version === null ? {} : { Version: version }), ...params }).toString();
  const headers = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = await signRequest(emu, { headers, body }, { ...opts, service: opts.service ?? 'sts' });
  return send(emu.url, { headers: signed.headers, body: signed.body });
}

async function signRequest(emu, { headers, body }, opts) {
  const request = { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: emu.port, path: '/', query: {}, headers: { host: `127.0.0.1:${emu.port}`, ...headers }, body };
  const signer = new SignatureV4({ credentials: opts.credentials ?? SELLER, region: opts.region ?? 'us-east-1', service: opts.service, sha256: Sha256 });
  const signed = await signer.sign(request, { signingDate: opts.signingDate ?? new Date() });
  opts.tamper?.(signed);
  return signed;
}

/** The error code as a client reads it: the `__type` after `#`. */
export const errorCode = (res) => res.json?.__type?.split('#').pop();

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The unescaped text of the first `<tag>` in an XML answer, or undefined. */
export const xmlText = (xml, tag) => {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml ?? '');
  return m ? m[1].replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => XML_ENTITIES[e]) : undefined;
};

export const nowSec = () => Math.floor(Date.now() / 1000);

/** The emulator's SaaS product, and wire-form BatchMeterUsage records and bodies for it. */
export const SAAS = 'prod-demo-saas';
export const record = (over = {}) => ({ CustomerIdentifier: 'cust-legacy-0001', Dimension: 'users', Quantity: 3, Timestamp: nowSec() - 60, ...over });
export const batch = (records, productCode = SAAS) => ({ ...(productCode ? { ProductCode: productCode } : {}), UsageRecords: records });
