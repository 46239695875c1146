// Bad input: each gets a clear JSON 4xx error and changes nothing (checked by reading back).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isErrorBody, startServer } from './harness.mjs';

const MAX_BODY = 64 * 1024;
let srv;
let ticket; // a ticket of custA that every bad request below aims at

before(async () => {
  srv = await startServer({ maxBody: MAX_BODY });
  ticket = await srv.openTicket('custA', { title: 'target ticket', description: 'original description' });
});
after(async () => { await srv?.destroy(); });

/// Everything a bad request could have changed: the ticket with its articles, its history, the ticket count.
async function snapshot() {
  const t = await srv.request('GET', `/api/v1/tickets/${ticket.id}`, { login: 'admin' });
  const h = await srv.request('GET', `/api/v1/tickets/${ticket.id}/history`, { login: 'admin' });
  const all = await srv.listAll('admin');
  const users = await srv.request('GET', '/api/v1/users?limit=200', { login: 'admin' });
  return { ticket: t.json, history: h.json, count: all.length, users: users.json.items.length };
}

async function expectRejected(label, status, requestFn) {
  const before = await snapshot();
  const res = await requestFn();
  assert.equal(res.status, status, `${label}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.ok(isErrorBody(res), `${label}: JSON error body, got ${res.text.slice(0, 200)}`);
  assert.match(res.headers.get('content-type'), /application\/json/);
  assert.deepEqual(await snapshot(), before, `${label}: nothing may change`);
  return res;
}

const post = (path, body, login = 'custA', headers = {}) =>
  srv.request('POST', path, { login, body, headers: { 'content-type': 'application/json', ...headers } });
const patch = (body, login = 'agentL1') =>
  srv.request('PATCH', `/api/v1/tickets/${ticket.id}`, { login, body, headers: { 'content-type': 'application/json' } });

test('malformed JSON → 400', async () => {
  for (const body of ['{', '{"title": "x", "description": }', 'not json', '', '[]', '"string"', 'null', '{"a":1}{}',
    '{"title":"x","description":"y",}']) {
    await expectRejected(`POST ${JSON.stringify(body)}`, 400, () => post('/api/v1/tickets', body));
    await expectRejected(`PATCH ${JSON.stringify(body)}`, 400, () => patch(body));
    await expectRejected(`article ${JSON.stringify(body)}`, 400,
      () => post(`/api/v1/tickets/${ticket.id}/articles`, body));
  }
  await expectRejected('login malformed', 400, () => post('/api/v1/auth/login', '{"login":'));
});

test('wrong types → 400', async () => {
  const cases = [
    { title: 5, description: 'd' },
    { title: 't', description: ['d'] },
    { title: 't', description: 'd', kind: 'disaster' },
    { title: 't', description: 'd', service: '1' },
    { title: 't', description: 'd', service: -1 },
    { title: 't', description: 'd', service: 1.5 },
    { title: 't', description: 'd', tags: 'a,b' },
    { title: 't', description: 'd', tags: [1] },
    { title: 't', description: 'd', attachments: {} },
    { title: 't', description: 'd', attachments: [{ filename: 'a' }] },
    { title: 't', description: 'd', attachments: [{ filename: 'a', data_base64: '@@@not base64@@@' }] },
    { title: 't', description: 'd', attachments: [{ filename: '../../etc/passwd', data_base64: 'AAAA' }] },
    { title: null, description: 'd' },
    { title: 't', description: 'd', customer: 18446744073709551615 },
  ];
  for (const body of cases) {
    await expectRejected(`POST ${JSON.stringify(body)}`, 400, () => post('/api/v1/tickets', JSON.stringify(body)));
  }
  const patches = [{ status: 'done' }, { priority: 'high' }, { priority: 0 }, { priority: 10 }, { assignee: 'me' },
    { group: -3 }, { tags: [{}] }, { version: 'v1' }, { title: 7 }];
  for (const body of patches) {
    await expectRejected(`PATCH ${JSON.stringify(body)}`, 400, () => patch(JSON.stringify(body)));
  }
  await expectRejected('internal: "yes"', 400,
    () => post(`/api/v1/tickets/${ticket.id}/articles`, JSON.stringify({ body: 'b', internal: 'yes' }), 'agentL1'));
  await expectRejected('link kind', 400,
    () => post(`/api/v1/tickets/${ticket.id}/links`, JSON.stringify({ kind: 'sibling', target: 1 }), 'agentL1'));
});

test('unknown fields → 400', async () => {
  await expectRejected('POST unknown', 400,
    () => post('/api/v1/tickets', JSON.stringify({ title: 't', description: 'd', status: 'closed' })));
  await expectRejected('POST unknown 2', 400,
    () => post('/api/v1/tickets', JSON.stringify({ title: 't', description: 'd', bogus: 1 })));
  await expectRejected('PATCH unknown', 400, () => patch(JSON.stringify({ priority: 2, customer: 1 })));
  await expectRejected('article unknown', 400,
    () => post(`/api/v1/tickets/${ticket.id}/articles`, JSON.stringify({ body: 'b', author: 1 })));
  await expectRejected('attachment unknown', 400, () => post('/api/v1/tickets', JSON.stringify({
    title: 't', description: 'd', attachments: [{ filename: 'a', data_base64: 'AAAA', path: '/etc/passwd' }],
  })));
  await expectRejected('user unknown', 400, () => post('/api/v1/users',
    JSON.stringify({ login: 'x1', password: 'longenough1', role: 'agent', superuser: true }), 'admin'));
  await expectRejected('confirm with fields', 400,
    () => post(`/api/v1/tickets/${ticket.id}/confirm`, JSON.stringify({ force: true })));
});

test('missing or empty required fields → 400', async () => {
  for (const body of [{ description: 'd' }, { title: 't' }, {}, { title: '   ', description: 'd' },
    { title: 't', description: '' }]) {
    await expectRejected(`POST ${JSON.stringify(body)}`, 400, () => post('/api/v1/tickets', JSON.stringify(body)));
  }
  await expectRejected('article without body', 400,
    () => post(`/api/v1/tickets/${ticket.id}/articles`, JSON.stringify({ internal: false })));
  await expectRejected('link without target', 400,
    () => post(`/api/v1/tickets/${ticket.id}/links`, JSON.stringify({ kind: 'related' }), 'agentL1'));
  await expectRejected('login without password', 400, () => post('/api/v1/auth/login', JSON.stringify({ login: 'custA' })));
  await expectRejected('user without password', 400,
    () => post('/api/v1/users', JSON.stringify({ login: 'nopw', role: 'agent' }), 'admin'));
});

test('over-long strings → 400', async () => {
  await expectRejected('title 501 bytes', 400,
    () => post('/api/v1/tickets', JSON.stringify({ title: 'x'.repeat(501), description: 'd' })));
  await expectRejected('title 200 Chinese chars (600 bytes)', 400,
    () => post('/api/v1/tickets', JSON.stringify({ title: '长'.repeat(200), description: 'd' })));
  await expectRejected('PATCH title', 400, () => patch(JSON.stringify({ title: 'y'.repeat(501) })));
  await expectRejected('tag 65 bytes', 400,
    () => post('/api/v1/tickets', JSON.stringify({ title: 't', description: 'd', tags: ['t'.repeat(65)] })));
  await expectRejected('login 101 bytes', 400,
    () => post('/api/v1/users', JSON.stringify({ login: 'l'.repeat(101), password: 'longenough1', role: 'agent' }), 'admin'));
  // The longest accepted title works.
  const ok = await srv.request('POST', '/api/v1/tickets', { login: 'custB', json: { title: 'x'.repeat(500), description: 'd' } });
  assert.equal(ok.status, 201, ok.text);
});

test('body over --max-body → 413 with a JSON error', async () => {
  const big = JSON.stringify({ title: 'big', description: 'x'.repeat(MAX_BODY + 100) });
  await expectRejected('POST over limit', 413, () => post('/api/v1/tickets', big));
  await expectRejected('article over limit', 413, () => post(`/api/v1/tickets/${ticket.id}/articles`,
    JSON.stringify({ body: 'y'.repeat(MAX_BODY + 1) })));
  await expectRejected('PATCH over limit', 413, () => patch(JSON.stringify({ title: 'z'.repeat(MAX_BODY * 1.5) })));
  // Just under the limit is fine (description is capped at 200 KiB, more than MAX_BODY).
  const near = await srv.request('POST', '/api/v1/tickets', {
    login: 'custB', json: { title: 'near limit', description: 'n'.repeat(MAX_BODY - 200) },
  });
  assert.equal(near.status, 201, near.text);
  // The server survives a body far over the limit (it may drop the connection) and keeps serving.
  try {
    const res = await post('/api/v1/tickets', JSON.stringify({ title: 'huge', description: 'h'.repeat(MAX_BODY * 8) }));
    assert.equal(res.status, 413);
  } catch { /* connection dropped: acceptable */ }
  assert.equal((await srv.request('GET', '/healthz')).status, 200);
  assert.equal((await srv.listAll('admin', 'q=huge')).length, 0);
});

test('bad UTF-8 in a JSON string → 400', async () => {
  const bad = [
    Buffer.concat([Buffer.from('{"title":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('","description":"d"}')]),
    Buffer.concat([Buffer.from('{"title":"t","description":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    Buffer.concat([Buffer.from('{"title":"t","description":"overlong '), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    Buffer.concat([Buffer.from('{"title":"t","description":"surrogate '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    Buffer.concat([Buffer.from('{"title":"t","description":"cut '), Buffer.from([0xe4, 0xb8]), Buffer.from('"}')]),
  ];
  for (const body of bad) {
    await expectRejected(`POST ${body.toString('hex').slice(0, 40)}`, 400, () => post('/api/v1/tickets', body));
  }
  const article = Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0x80]), Buffer.from('"}')]);
  await expectRejected('article bad utf-8', 400, () => post(`/api/v1/tickets/${ticket.id}/articles`, article));
  await expectRejected('lone surrogate escape', 400,
    () => post('/api/v1/tickets', '{"title":"\\ud800","description":"d"}'));
  await expectRejected('NUL in title', 400, () => post('/api/v1/tickets', '{"title":"a\\u0000b","description":"d"}'));
});

test('invalid status transitions → 409', async () => {
  const t = await srv.openTicket('custA', { title: 'transitions' });
  const to = (status, id = t.id) => srv.request('PATCH', `/api/v1/tickets/${id}`, { login: 'agentL1', json: { status } });
  const saved = ticket;
  ticket = t;
  try {
    await expectRejected('new → closed', 409, () => to('closed'));
    assert.equal((await to('in_progress')).status, 200);
    await expectRejected('in_progress → new', 409, () => to('new'));
    await expectRejected('in_progress → acknowledged', 409, () => to('acknowledged'));
    await expectRejected('in_progress → closed', 409, () => to('closed'));
    assert.equal((await to('resolved')).status, 200);
    await expectRejected('resolved → pending_customer', 409, () => to('pending_customer'));
    await expectRejected('confirm by another customer', 404,
      () => srv.request('POST', `/api/v1/tickets/${t.id}/confirm`, { login: 'custB' }));
    assert.equal((await srv.request('POST', `/api/v1/tickets/${t.id}/confirm`, { login: 'custA' })).status, 200);
    await expectRejected('closed → in_progress', 409, () => to('in_progress'));
    await expectRejected('closed → resolved', 409, () => to('resolved'));
    await expectRejected('confirm closed', 409,
      () => srv.request('POST', `/api/v1/tickets/${t.id}/confirm`, { login: 'custA' }));
  } finally {
    ticket = saved;
  }
});

test('unknown ids → 404', async () => {
  const big = '9223372036854775807';
  for (const [method, path, json] of [
    ['GET', '/api/v1/tickets/999999'],
    ['GET', `/api/v1/tickets/${big}`],
    ['PATCH', '/api/v1/tickets/999999', { priority: 1 }],
    ['POST', '/api/v1/tickets/999999/articles', { body: 'x' }],
    ['GET', '/api/v1/tickets/999999/history'],
    ['POST', '/api/v1/tickets/999999/confirm'],
    ['POST', '/api/v1/tickets/999999/reopen', { reason: 'x' }],
    ['POST', '/api/v1/tickets/999999/links', { kind: 'related', target: 1 }],
    ['GET', '/api/v1/attachments/999999'],
    ['GET', '/api/v1/users/999999'],
    ['GET', '/api/v1/canned-responses/999999/render?ticket=1'],
    ['GET', '/api/v1/no-such-thing'],
    ['GET', '/api/v1/tickets/abc'],
  ]) {
    await expectRejected(`${method} ${path}`, 404, () => srv.request(method, path, { login: 'admin', json }));
  }
  // Ids that overflow int64 are not found either (or refused as bad input), never a 500.
  const overflow = await srv.request('GET', '/api/v1/tickets/99999999999999999999', { login: 'admin' });
  assert.ok(overflow.status === 404 || overflow.status === 400, `overflowing id: ${overflow.status}`);
  // A link to an unknown ticket is bad input.
  await expectRejected('link to unknown', 400, () => srv.request('POST', `/api/v1/tickets/${ticket.id}/links`,
    { login: 'agentL1', json: { kind: 'related', target: 999999 } }));
  // Unknown references inside a body are bad input.
  await expectRejected('unknown service', 400, () => post('/api/v1/tickets', JSON.stringify({ title: 't', description: 'd', service: 999999 })));
  await expectRejected('unknown assignee', 400, () => patch(JSON.stringify({ assignee: 999999 })));
  await expectRejected('customer as assignee', 400, () => patch(JSON.stringify({ assignee: srv.id('custA') })));
  await expectRejected('unknown group', 400, () => patch(JSON.stringify({ group: 999999 })));
});

test('bad query parameters → 400', async () => {
  for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=-1', 'limit=1e3', 'status=bogus', 'status=new,',
    'status=', 'priority=0', 'priority=x', 'sort=title', 'sort=--id', 'cursor=garbage', 'cursor=YWJj',
    'assignee=someone', 'group=x', 'customer=-5', 'kind=disaster', 'frobnicate=1', `q=${'q'.repeat(201)}`,
    'limit=99999999999999999999999']) {
    await expectRejected(`GET /tickets?${query}`, 400,
      () => srv.request('GET', `/api/v1/tickets?${query}`, { login: 'agentL1' }));
  }
  // A cursor from one sort is refused for another.
  const page = await srv.request('GET', '/api/v1/tickets?sort=id&limit=1', { login: 'admin' });
  assert.ok(page.json.next_cursor, 'more than one ticket exists');
  await expectRejected('cursor of another sort', 400, () => srv.request('GET',
    `/api/v1/tickets?sort=-priority&cursor=${encodeURIComponent(page.json.next_cursor)}`, { login: 'admin' }));
  await expectRejected('render without ticket', 400,
    () => srv.request('GET', '/api/v1/canned-responses/1/render', { login: 'agentL1' }));
  await expectRejected('users bad role', 400, () => srv.request('GET', '/api/v1/users?role=god', { login: 'admin' }));
  await expectRejected('bad If-Match', 412, () => srv.request('PATCH', `/api/v1/tickets/${ticket.id}`,
    { login: 'agentL1', json: { priority: 1 }, headers: { 'if-match': 'banana' } }));
  await expectRejected('Idempotency-Key too long', 400, () => post('/api/v1/tickets',
    JSON.stringify({ title: 't', description: 'd' }), 'custA', { 'idempotency-key': 'k'.repeat(201) }));
});

test('the server is still healthy and the target ticket untouched', async () => {
  assert.equal((await srv.request('GET', '/healthz')).status, 200);
  const t = await srv.request('GET', `/api/v1/tickets/${ticket.id}`, { login: 'custA' });
  assert.equal(t.json.title, 'target ticket');
  assert.equal(t.json.version, ticket.version);
  assert.deepEqual(t.json.articles.map((a) => a.body), ['original description']);
  // No 5xx was ever answered.
  const metrics = await srv.request('GET', '/metrics');
  assert.doesNotMatch(metrics.text, /sladesk_http_requests_total\{[^}]*status="5\d\d"/);
});
