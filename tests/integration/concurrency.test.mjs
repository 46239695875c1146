// Optimistic concurrency (ETag / If-Match / version) and Idempotency-Key on POST.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isErrorBody, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.destroy(); });

const getTicket = (id) => srv.request('GET', `/api/v1/tickets/${id}`, { login: 'agentL1' });

test('GET and PATCH return the ETag of the current version', async () => {
  const t = await srv.openTicket('custA');
  const got = await getTicket(t.id);
  assert.equal(got.headers.get('etag'), `"v${got.json.version}"`);
  const res = await srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
    login: 'agentL1', json: { priority: 2 }, headers: { 'if-match': got.headers.get('etag') },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.version, got.json.version + 1);
  assert.equal(res.headers.get('etag'), `"v${res.json.version}"`);
});

test('two PATCHes with the same If-Match: exactly one wins, the other gets 412', async () => {
  for (let round = 0; round < 10; round++) {
    const t = await srv.openTicket('custA', { title: `race ${round}` });
    const etag = (await getTicket(t.id)).headers.get('etag');
    const [a, b] = await Promise.all([
      srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
        login: 'agentL1', json: { title: 'winner A', priority: 1 }, headers: { 'if-match': etag },
      }),
      srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
        login: 'super', json: { title: 'winner B', priority: 4 }, headers: { 'if-match': etag },
      }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 412], `round ${round}: ${a.status} ${a.text} / ${b.status} ${b.text}`);
    const loser = a.status === 412 ? a : b;
    const winner = a.status === 200 ? a : b;
    assert.ok(isErrorBody(loser));
    const now = await getTicket(t.id);
    assert.equal(now.json.title, winner.json.title, 'the stored ticket is the winner\'s');
    assert.equal(now.json.priority, winner.json.priority);
    assert.equal(now.json.version, winner.json.version);
    const history = await srv.request('GET', `/api/v1/tickets/${t.id}/history`, { login: 'agentL1' });
    const titles = history.json.items.filter((e) => e.field === 'title' && e.old !== e.new);
    assert.equal(titles.length, 1, 'only the winner\'s change is recorded');
  }
});

test('a stale "version" in the body → 409; a stale If-Match → 412; nothing changes', async () => {
  const t = await srv.openTicket('custA');
  const v1 = (await getTicket(t.id)).json.version;
  assert.equal((await srv.request('PATCH', `/api/v1/tickets/${t.id}`, { login: 'agentL1', json: { priority: 2, version: v1 } })).status, 200);
  const before = (await getTicket(t.id)).json;
  const stale = await srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
    login: 'agentL1', json: { priority: 1, version: v1 },
  });
  assert.equal(stale.status, 409, stale.text);
  assert.ok(isErrorBody(stale));
  const staleHeader = await srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
    login: 'agentL1', json: { priority: 1 }, headers: { 'if-match': `"v${v1}"` },
  });
  assert.equal(staleHeader.status, 412, staleHeader.text);
  const disagree = await srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
    login: 'agentL1', json: { priority: 1, version: before.version }, headers: { 'if-match': `"v${v1}"` },
  });
  assert.equal(disagree.status, 400, disagree.text);
  assert.deepEqual((await getTicket(t.id)).json, before);
});

test('concurrent PATCHes without preconditions all apply (serialised, no lost version bumps)', async () => {
  const t = await srv.openTicket('custA');
  const start = (await getTicket(t.id)).json.version;
  const tags = Array.from({ length: 12 }, (_, i) => `tag${i}`);
  const results = await Promise.all(tags.map((tag) => srv.request('PATCH', `/api/v1/tickets/${t.id}`, {
    login: 'agentL1', json: { tags: [tag] },
  })));
  for (const r of results) assert.equal(r.status, 200, r.text);
  const versions = results.map((r) => r.json.version).sort((a, b) => a - b);
  assert.deepEqual(versions, tags.map((_, i) => start + i + 1), 'each write got its own version');
  assert.equal((await getTicket(t.id)).json.version, start + tags.length);
});

test('Idempotency-Key: same key and body twice → one ticket, the second answer replayed', async () => {
  const body = { title: '重复提交测试 idem-1', description: '网络不稳定时客户端会重试。' };
  const headers = { 'idempotency-key': 'key-0001' };
  const first = await srv.request('POST', '/api/v1/tickets', { login: 'custA', json: body, headers });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const second = await srv.request('POST', '/api/v1/tickets', { login: 'custA', json: body, headers });
  assert.equal(second.status, 201, second.text);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  assert.equal(second.json.id, first.json.id);
  assert.equal(second.json.title, body.title);
  const found = await srv.listAll('admin', `q=${encodeURIComponent('idem-1')}`);
  assert.equal(found.length, 1, 'exactly one ticket');

  // Same key, different body → 409, nothing created.
  const other = await srv.request('POST', '/api/v1/tickets', {
    login: 'custA', json: { ...body, title: '另一个 idem-1b' }, headers,
  });
  assert.equal(other.status, 409, other.text);
  assert.ok(isErrorBody(other));
  assert.equal((await srv.listAll('admin', 'q=idem-1b')).length, 0);

  // Keys are per user: another customer may use the same key for their own ticket.
  const custB = await srv.request('POST', '/api/v1/tickets', { login: 'custB', json: body, headers });
  assert.equal(custB.status, 201, custB.text);
  assert.notEqual(custB.json.id, first.json.id);
  assert.equal(custB.headers.get('idempotent-replayed'), null);
});

test('Idempotency-Key on articles: one article for two identical posts', async () => {
  const t = await srv.openTicket('custA');
  const headers = { 'idempotency-key': 'article-key' };
  const a = await srv.request('POST', `/api/v1/tickets/${t.id}/articles`, { login: 'custA', json: { body: 'once' }, headers });
  const b = await srv.request('POST', `/api/v1/tickets/${t.id}/articles`, { login: 'custA', json: { body: 'once' }, headers });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.json.id, a.json.id);
  const c = await srv.request('POST', `/api/v1/tickets/${t.id}/articles`, { login: 'custA', json: { body: 'twice' }, headers });
  assert.equal(c.status, 409, c.text);
  const view = await getTicket(t.id);
  assert.deepEqual(view.json.articles.map((x) => x.body), ['Please help', 'once']);
});

test('Idempotency-Key: concurrent retries with the same key create one ticket', async () => {
  const body = { title: 'parallel retry idem-par', description: 'd' };
  const headers = { 'idempotency-key': 'parallel-key' };
  const results = await Promise.all(Array.from({ length: 6 }, () =>
    srv.request('POST', '/api/v1/tickets', { login: 'custC', json: body, headers })));
  for (const r of results) assert.ok(r.status < 500, `no server error: ${r.status} ${r.text}`);
  const ok = results.filter((r) => r.status === 201);
  assert.ok(ok.length >= 1);
  assert.equal(new Set(ok.map((r) => r.json.id)).size, 1, 'all successful answers name the same ticket');
  for (const r of results.filter((x) => x.status !== 201)) assert.equal(r.status, 409, r.text);
  assert.equal((await srv.listAll('admin', 'q=idem-par')).length, 1, 'exactly one ticket');
});
