// Runs a README snippet in the runtime its marker names, importing the package by name as a user
// would (installed from the packed tarball into tests/js/node_modules), with the configuration a
// user would set (environment variables, Worker bindings) pointing at the local emulator. The
// snippet's text is run unchanged except where a runner says so (a listening port).

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { buildEdgeFunction, startEdgeFunction } from '../../../js/vercel/edge-function.mjs';

const TESTS_JS = new URL('..', import.meta.url).pathname;
export const ROOT = new URL('../../../', import.meta.url).pathname;
// Snippet files live under tests/js, so `marketplace-metering-wasm` resolves to tests/js/node_modules.
const RUN_DIR = join(TESTS_JS, 'readme', '.run');
const DENO = [join(ROOT, 'node_modules/.bin/deno')].find(existsSync) ?? 'deno';
const BUN = [join(ROOT, 'node_modules/.bin/bun')].find(existsSync) ?? 'bun';

/** Only what a program needs from this machine, plus the snippet's configuration. */
const baseEnv = (env) => ({ PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: '1', ...env });

function writeRunFile(name, text) {
  mkdirSync(RUN_DIR, { recursive: true });
  const path = join(RUN_DIR, name);
  writeFileSync(path, text);
  return path;
}

/** A port free a moment ago, for programs that need a fixed one. */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A Worker snippet, bundled as Wrangler bundles it (workerd conditions, the .wasm as a module) and
 * run by Miniflare with the KV namespaces and bindings given.
 * @returns {Promise<{mf: Miniflare, fetch: (url:string, init?:object) => Promise<Response>, dispose: () => Promise<void>}>}
 */
export async function startWorker(snippet, { bindings, kvNamespaces = [] }) {
  const outdir = mkdtempSync(join(tmpdir(), 'mmw-readme-worker-'));
  // KV in memory-backed files: Miniflare's default store syncs every write to disk (~10 ms a put).
  const kvDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'mmw-readme-kv-'));
  await build({
    stdin: { contents: snippet.code, resolveDir: TESTS_JS, sourcefile: `README.md:${snippet.line}`, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    loader: { '.wasm': 'copy' },
    outdir,
    logLevel: 'silent',
  });
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'stdin.js'),
    modulesRoot: outdir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-09-01',
    kvNamespaces,
    kvPersist: kvDir,
    bindings,
  });
  await mf.ready;
  return {
    mf,
    fetch: (url, init) => mf.dispatchFetch(url, init),
    dispose: async () => {
      await mf.dispose();
      rmSync(outdir, { recursive: true, force: true });
      rmSync(kvDir, { recursive: true, force: true });
    },
  };
}

/**
 * A Deno snippet that serves with `Deno.serve(handler)`: type-checked against the package's
 * index.d.ts (`deno check`), then run with the permissions the README gives (`--allow-net
 * --allow-env --allow-read`). The one change: Deno.serve listens on a free loopback port instead
 * of 8000, and says where.
 * @returns {Promise<{url: string, output: () => string, stop: () => Promise<void>}>}
 */
export async function startDenoServer(snippet, env) {
  const file = writeRunFile(`${snippet.name}.ts`, snippet.code);
  const checked = await collect(spawn(DENO, ['check', file], { cwd: TESTS_JS, env: baseEnv({ NO_COLOR: '1' }) }));
  if (checked.code !== 0) {
    rmSync(file, { force: true });
    throw new Error(`deno check failed:\n${checked.stdout}${checked.stderr}`);
  }
  const main = writeRunFile(`${snippet.name}.main.ts`, `// written by tests/js/readme/runners.mjs
const serve = Deno.serve;
// deno-lint-ignore no-explicit-any
(Deno as any).serve = (...args: any[]) => {
  const handler = typeof args[0] === "function" ? args[0] : args[1] ?? args[0].handler;
  return serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(\`listening on http://127.0.0.1:\${port}\`) }, handler);
};
await import(${JSON.stringify(`./${snippet.name}.ts`)});
`);
  return serveFromChild(DENO, ['run', '--allow-net', '--allow-env', '--allow-read', main], env, [file, main]);
}

/**
 * A Bun snippet that serves with `Bun.serve({ port, fetch })`, run by the bun binary with the
 * package imported by its name (the `bun` condition). The one change, as for Deno: Bun.serve
 * listens on a free loopback port instead of the snippet's, and says where.
 * @returns {Promise<{url: string, output: () => string, stop: () => Promise<void>}>}
 */
export async function startBunServer(snippet, env) {
  const file = writeRunFile(`${snippet.name}.bun.mjs`, snippet.code);
  const main = writeRunFile(`${snippet.name}.bun.main.mjs`, `// written by tests/js/readme/runners.mjs
const serve = Bun.serve;
Bun.serve = (options) => {
  const server = serve({ ...options, port: 0, hostname: "127.0.0.1" });
  console.log(\`listening on http://127.0.0.1:\${server.port}\`);
  return server;
};
await import(${JSON.stringify(`./${snippet.name}.bun.mjs`)});
`);
  return serveFromChild(BUN, [main], env, [file, main]);
}

/** Runs a server program and resolves once it prints `listening on <url>`; `stop` also removes `files`. */
async function serveFromChild(command, args, env, files) {
  const child = spawn(command, args, { cwd: TESTS_JS, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    for (const file of files) rmSync(file, { force: true });
  };
  const url = await new Promise((resolve, reject) => {
    const onData = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    exited.then(([code]) => reject(new Error(`${command} exited (${code}) before listening:\n${output}`)));
  }).catch(async (err) => { await stop(); throw err; });
  return { url, output: () => output, stop };
}

/**
 * A Next.js edge route (`export const runtime = "edge"`, `export async function POST(request)`)
 * or Vercel Edge Function, bundled as Next.js and Vercel bundle one (the `edge-light` condition,
 * the `.wasm?module` import a Module the runtime supplies) and run in edge-runtime with wasm
 * compilation from bytes refused, as deployed (js/vercel/edge-function.mjs), with `env` as its
 * `process.env`. A request goes to the export named after its method.
 * @returns {Promise<{fetch: (url:string, init?:object) => Promise<Response>, dispose: () => Promise<void>}>}
 */
export async function startEdgeRoute(snippet, env) {
  const outdir = mkdtempSync(join(tmpdir(), 'mmw-readme-edge-'));
  const built = await buildEdgeFunction({ contents: snippet.code, resolveDir: TESTS_JS }, outdir);
  const runtime = await startEdgeFunction(built, { env });
  return {
    fetch: (url, init) => runtime.dispatchFetch(url, init),
    dispose: async () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** A Node script snippet (ESM, top-level await): run to its end. */
export async function runNode(snippet, env) {
  const file = writeRunFile(`${snippet.name}.mjs`, snippet.code);
  try {
    return await collect(spawn(process.execPath, [file], { cwd: TESTS_JS, env: baseEnv(env) }));
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * A shell snippet: bash from the repository root, stopping at the first failing command, its
 * background jobs killed at the end. `after` runs in the same shell once the snippet is done (the
 * test's own probes, not the README's). `replace` swaps literal text (a fixed port) first.
 */
export async function runShell(snippet, { env, replace = {}, after = '' }) {
  let code = snippet.code;
  for (const [from, to] of Object.entries(replace)) code = code.split(from).join(to);
  const script = `set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${code}\n${after}\n`;
  // An `npm install` in a snippet must not leave a package-lock.json in the repository.
  return collect(spawn('bash', ['-c', script], { cwd: ROOT, env: baseEnv({ npm_config_package_lock: 'false', ...env }) }));
}

async function collect(child) {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const [code] = await once(child, 'close');
  return { code, stdout, stderr };
}
