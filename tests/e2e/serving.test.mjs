// How `sladesk serve` serves the embedded console: index.html for history routes, hashed assets with their
// type and a long cache, JSON 404s for unknown files, the API untouched.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../integration/harness.mjs';

let server;
before(async () => {
  server = await startServer({ users: [], policy: false });
});
after(async () => {
  await server?.destroy();
});

const get = (path) => fetch(server.base + path);

test('/ and history routes answer index.html, revalidated on every load', async () => {
  for (const path of ['/', '/login', '/agent/tickets/42', '/manage/calendars']) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(await res.text(), /<div id="app"><\/div>/);
  }
});

test('assets referenced by index.html are served with their type and cached for a year', async () => {
  const html = await (await get('/')).text();
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(scripts.some((p) => p.endsWith('.js')), 'index.html loads a script');
  for (const path of scripts) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.ok((await res.arrayBuffer()).byteLength > 0);
  }
});

test('unknown files are JSON 404s; API paths keep their own answers', async () => {
  for (const path of ['/assets/missing-0000.js', '/favicon.ico', '/robots.txt']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.equal((await res.json()).error.code, 'not_found');
  }
  const api = await get('/api/v1/no-such-route');
  assert.equal(api.status, 404);
  assert.equal((await api.json()).error.code, 'not_found');
  assert.equal(api.headers.get('cache-control'), 'no-store');
  const health = await get('/healthz');
  assert.equal(health.status, 200);
  assert.match(health.headers.get('content-type'), /json/);
  const post = await fetch(server.base + '/', { method: 'POST' });
  assert.equal(post.status, 404);
});
