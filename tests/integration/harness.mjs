// Integration-test harness: one fresh sladesk server per test file.
//
//   const srv = await startServer({ users: STANDARD_USERS });
//   const token = await srv.login('custA');
//   const res = await srv.request('GET', '/api/v1/tickets', { token });
//   await srv.stop();
//
// Backend: SLADESK_TEST_BACKEND=sqlite (default) or postgres. For postgres a fresh database is created per
// server through SLADESK_TEST_PG_ADMIN_URL (see scripts/with-postgres.sh). Binary: SLADESK_BIN (default
// build/sladesk under the repository root). Only Node built-ins are used.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.SLADESK_BIN ? resolve(REPO, process.env.SLADESK_BIN) : join(REPO, 'build/sladesk');
export const BACKEND = (process.env.SLADESK_TEST_BACKEND || 'sqlite').toLowerCase();
export const PASSWORD = 'correct-horse-9';

if (BACKEND !== 'sqlite' && BACKEND !== 'postgres') {
  throw new Error(`SLADESK_TEST_BACKEND must be sqlite or postgres, not '${BACKEND}'`);
}

/// Users most test files need; groups and organisations come from examples/policy.yaml.
export const STANDARD_USERS = [
  { login: 'admin', role: 'admin' },
  { login: 'super', role: 'supervisor' },
  { login: 'agentL1', role: 'agent', group: '服务台 L1' },
  { login: 'agentL2', role: 'agent', group: '应用支持 L2' },
  { login: 'agentNet', role: 'agent', group: '网络运维 L2' },
  { login: 'custA', role: 'customer', organisation: 'Acme Trading Ltd', grade: 'normal', class: 'commercial' },
  { login: 'custB', role: 'customer', organisation: 'Acme Trading Ltd' },
  { login: 'orgAdmin', role: 'customer', organisation: 'Acme Trading Ltd', orgAdmin: true },
  { login: 'custC', role: 'customer', organisation: '东方电网客户服务中心', grade: 'vip' },
];

const liveServers = new Set();
process.on('exit', () => {
  for (const child of liveServers) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/// Runs a command; resolves {code, stdout, stderr} (never rejects on a non-zero exit).
export function run(command, args, { input, env, timeoutMs = 60000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/// A TCP port that was free a moment ago.
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

let databaseCounter = 0;

/// Creates an empty PostgreSQL database and returns its URL.
export async function createDatabase() {
  const adminUrl = process.env.SLADESK_TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    throw new Error('SLADESK_TEST_BACKEND=postgres needs SLADESK_TEST_PG_ADMIN_URL (run under scripts/with-postgres.sh)');
  }
  const name = `sladesk_it_${process.pid}_${Date.now()}_${databaseCounter++}`;
  const result = await run('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `CREATE DATABASE ${name}`]);
  if (result.code !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${result.stderr}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Server {
  constructor({ dataDir, databaseUrl, maxBody, extraArgs, logLevel }) {
    this.logLevel = logLevel ?? 'warn';
    this.dataDir = dataDir;
    this.databaseUrl = databaseUrl;
    this.maxBody = maxBody;
    this.extraArgs = extraArgs ?? [];
    this.child = null;
    this.port = null;
    this.log = '';
    this.users = new Map(); // login -> {id, role, ...}
    this.tokens = new Map(); // login -> token
  }

  storeArgs() {
    return ['--data', this.dataDir, ...(this.databaseUrl ? ['--database', this.databaseUrl] : [])];
  }

  /// Runs `sladesk ARGS... --data DIR [--database URL]`.
  cli(args, options) {
    return run(BIN, [...args, ...this.storeArgs()], options);
  }

  async apply(file) {
    const result = await this.cli(['apply', '-f', file]);
    if (result.code !== 0) throw new Error(`sladesk apply ${file} failed (${result.code}): ${result.stderr}`);
    return result;
  }

  /// Creates a user with `sladesk admin create-user`; remembers its id (parsed from "created user N").
  async createUser({ login, role, password = PASSWORD, organisation, orgAdmin, grade, class: klass, group }) {
    const args = ['admin', 'create-user', '--login', login, '--password', password, '--role', role];
    if (organisation) args.push('--organisation', organisation);
    if (orgAdmin) args.push('--org-admin');
    if (grade) args.push('--grade', grade);
    if (klass) args.push('--class', klass);
    for (const g of [group].flat().filter(Boolean)) args.push('--group', g);
    const result = await this.cli(args);
    if (result.code !== 0) throw new Error(`create-user ${login} failed (${result.code}): ${result.stderr}`);
    const match = /created user (\d+)/.exec(result.stdout);
    if (!match) throw new Error(`create-user ${login}: unexpected output ${result.stdout}`);
    const user = { id: Number(match[1]), login, role, password, organisation };
    this.users.set(login, user);
    return user;
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  id(login) {
    const user = this.users.get(login);
    if (!user) throw new Error(`unknown test user ${login}`);
    return user.id;
  }

  /// Starts `sladesk serve` on a free port and waits for /healthz; retries once or twice if the port was taken.
  async launch() {
    let lastError;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = await freePort();
      const args = ['serve', ...this.storeArgs(), '--listen', `127.0.0.1:${this.port}`, '--log-level', this.logLevel];
      if (this.maxBody) args.push('--max-body', String(this.maxBody));
      args.push(...this.extraArgs);
      const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      liveServers.add(child);
      child.exited = new Promise((r) => child.on('exit', (code, signal) => {
        liveServers.delete(child);
        r({ code, signal });
      }));
      const keep = (d) => {
        this.log += d;
        if (this.log.length > 200000) this.log = this.log.slice(-100000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      try {
        await this.waitHealthy(child);
        return;
      } catch (e) {
        lastError = e;
        child.kill('SIGKILL');
        await child.exited;
      }
    }
    throw lastError;
  }

  async waitHealthy(child, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    let exited = null;
    child.exited.then((x) => { exited = x; });
    while (Date.now() < deadline) {
      if (exited) throw new Error(`sladesk serve exited (${JSON.stringify(exited)}) before /healthz:\n${this.log}`);
      try {
        const res = await fetch(`${this.base}/healthz`);
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch { /* not listening yet */ }
      await sleep(30);
    }
    throw new Error(`sladesk serve did not answer /healthz within ${timeoutMs} ms:\n${this.log}`);
  }

  /// Graceful stop (SIGTERM, then SIGKILL after 5 s).
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await child.exited;
    clearTimeout(timer);
  }

  async kill9() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await child.exited;
  }

  /// Stops the server and removes its data directory (the PostgreSQL database goes with the throwaway server).
  async destroy() {
    await this.stop();
    if (!process.env.SLADESK_TEST_KEEP) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /// One HTTP request. `json` is serialised; `body` (string/Buffer) is sent as is.
  /// Resolves {status, headers, text, json} (json is null when the body is not JSON).
  async request(method, path, { token, json, body, headers = {}, login } = {}) {
    const h = { ...headers };
    const bearer = token ?? (login ? await this.login(login) : undefined);
    if (bearer) h.authorization = `Bearer ${bearer}`;
    let payload = body;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const buffer = Buffer.from(await res.arrayBuffer());
    const text = buffer.toString('utf8');
    let parsed = null;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, buffer, json: parsed };
  }

  /// Logs in (cached per login) and returns the session token.
  async login(login, { fresh = false } = {}) {
    if (!fresh && this.tokens.has(login)) return this.tokens.get(login);
    const user = this.users.get(login);
    const res = await this.request('POST', '/api/v1/auth/login', {
      json: { login, password: user ? user.password : PASSWORD },
    });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${res.text}`);
    if (!fresh) this.tokens.set(login, res.json.token);
    return res.json.token;
  }

  /// Shortcut: request as a user, asserting nothing.
  as(login) {
    return {
      get: (path, opts = {}) => this.request('GET', path, { ...opts, login }),
      post: (path, json, opts = {}) => this.request('POST', path, { ...opts, json, login }),
      patch: (path, json, opts = {}) => this.request('PATCH', path, { ...opts, json, login }),
    };
  }

  /// Every ticket visible to `login` matching `query` (follows cursors).
  async listAll(login, query = '') {
    const items = [];
    let cursor = null;
    for (let page = 0; page < 1000; page++) {
      const sep = query ? '&' : '';
      const path = `/api/v1/tickets?${query}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await this.request('GET', path, { login });
      if (res.status !== 200) throw new Error(`list ${path}: ${res.status} ${res.text}`);
      items.push(...res.json.items);
      cursor = res.json.next_cursor;
      if (!cursor) return items;
    }
    throw new Error('listAll: too many pages');
  }

  /// Opens a ticket as `login`; asserts 201 and returns the ticket JSON.
  async openTicket(login, fields = {}) {
    const res = await this.request('POST', '/api/v1/tickets', {
      login,
      json: { title: 'Printer on fire', description: 'Please help', ...fields },
    });
    if (res.status !== 201) throw new Error(`open ticket as ${login}: ${res.status} ${res.text}`);
    return res.json;
  }
}

/// Creates the data dir (and database), applies examples/policy.yaml (unless policy: false), creates `users`
/// with the CLI and starts the server.
export async function startServer({ users = STANDARD_USERS, policy = true, maxBody, extraArgs, logLevel, launch = true } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sladesk-it-'));
  const databaseUrl = BACKEND === 'postgres' ? await createDatabase() : undefined;
  const server = new Server({ dataDir, databaseUrl, maxBody, extraArgs, logLevel });
  if (policy) await server.apply(join(REPO, 'examples/policy.yaml'));
  for (const user of users) await server.createUser(user);
  if (launch) await server.launch();
  return server;
}

/// Writes `text` to a file in the server's data dir and returns its path.
export function writeTemp(server, name, text) {
  const path = join(server.dataDir, name);
  writeFileSync(path, text);
  return path;
}

/// Asserts an API error body: {"error": {"code", "message"}}.
export function isErrorBody(res) {
  return Boolean(res.json && res.json.error && typeof res.json.error.code === 'string' &&
    typeof res.json.error.message === 'string');
}

export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}
