// Authorisation matrix: who sees and changes which tickets; authentication failures; logout; API tokens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, isErrorBody, startServer } from './harness.mjs';

let srv;
let services;
let tA; // custA, no service (group unassigned)
let tB; // custB (same organisation as A)
let tC; // custC (other organisation)
let tPay; // custA, service payments → group 应用支持 L2
let tNet; // custC, service network → group 网络运维 L2, assigned to agentL1 later

before(async () => {
  srv = await startServer();
  const res = await srv.request('GET', '/api/v1/services', { login: 'admin' });
  services = Object.fromEntries(res.json.items.map((s) => [s.code, s]));
  tA = await srv.openTicket('custA', { title: 'A 的工单 alphaword', description: 'body of A' });
  tB = await srv.openTicket('custB', { title: 'B 的工单 betaword', description: 'body of B' });
  tC = await srv.openTicket('custC', { title: 'C 的工单 gammaword', description: 'body of C' });
  tPay = await srv.openTicket('custA', { title: 'payment failed paymentword', service: services.payments.id });
  tNet = await srv.openTicket('custC', { title: 'network down netword', service: services.network.id });
  await srv.request('POST', `/api/v1/tickets/${tA.id}/articles`, {
    login: 'agentL1', json: { body: 'internal only: hushword', internal: true },
  });
});
after(async () => { await srv?.destroy(); });

const ids = (res) => res.json.items.map((t) => t.id).sort((a, b) => a - b);
const sorted = (...xs) => xs.map((t) => t.id).sort((a, b) => a - b);

test('customers list only their own tickets', async () => {
  assert.deepEqual(ids(await srv.request('GET', '/api/v1/tickets', { login: 'custA' })), sorted(tA, tPay));
  assert.deepEqual(ids(await srv.request('GET', '/api/v1/tickets', { login: 'custB' })), sorted(tB));
  assert.deepEqual(ids(await srv.request('GET', '/api/v1/tickets', { login: 'custC' })), sorted(tC, tNet));
  // Filters cannot widen visibility.
  const viaFilter = await srv.request('GET', `/api/v1/tickets?customer=${srv.id('custA')}`, { login: 'custB' });
  assert.equal(viaFilter.status, 200);
  assert.deepEqual(viaFilter.json.items, []);
});

test("another customer's ticket is 404 (not 403) on every route", async () => {
  const before = await srv.request('GET', `/api/v1/tickets/${tA.id}`, { login: 'admin' });
  const checks = [
    ['GET', `/api/v1/tickets/${tA.id}`],
    ['PATCH', `/api/v1/tickets/${tA.id}`, { priority: 1 }],
    ['POST', `/api/v1/tickets/${tA.id}/articles`, { body: 'intruder' }],
    ['GET', `/api/v1/tickets/${tA.id}/history`],
    ['POST', `/api/v1/tickets/${tA.id}/confirm`],
    ['POST', `/api/v1/tickets/${tA.id}/reopen`, { reason: 'x' }],
  ];
  for (const login of ['custB', 'custC']) {
    for (const [method, path, json] of checks) {
      const res = await srv.request(method, path, { login, json });
      assert.equal(res.status, 404, `${login} ${method} ${path}: ${res.status} ${res.text}`);
      assert.ok(isErrorBody(res), 'JSON error body');
    }
  }
  // The unknown id answers the same way: ids do not leak.
  const unknown = await srv.request('GET', '/api/v1/tickets/999999', { login: 'custB' });
  assert.equal(unknown.status, 404);
  const after = await srv.request('GET', `/api/v1/tickets/${tA.id}`, { login: 'admin' });
  assert.deepEqual(after.json, before.json, 'nothing changed');
});

test("attachments of another customer's ticket are 404", async () => {
  const t = await srv.openTicket('custA', {
    title: 'with file', attachments: [{ filename: 'a.txt', data_base64: Buffer.from('private').toString('base64') }],
  });
  const view = await srv.request('GET', `/api/v1/tickets/${t.id}`, { login: 'custA' });
  const url = view.json.articles[0].attachments[0].url;
  assert.equal((await srv.request('GET', url, { login: 'custA' })).status, 200);
  assert.equal((await srv.request('GET', url, { login: 'custB' })).status, 404);
  assert.equal((await srv.request('GET', url, { login: 'custC' })).status, 404);
  assert.equal((await srv.request('GET', url, { login: 'orgAdmin' })).status, 200);
  assert.equal((await srv.request('GET', url)).status, 401);
});

test("an organisation's admin sees all of its tickets and none of another organisation", async () => {
  const list = await srv.request('GET', '/api/v1/tickets', { login: 'orgAdmin' });
  const seen = ids(list);
  for (const t of [tA, tB, tPay]) assert.ok(seen.includes(t.id), `org admin sees ${t.id}`);
  for (const t of [tC, tNet]) assert.ok(!seen.includes(t.id), `org admin must not see ${t.id}`);
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tB.id}`, { login: 'orgAdmin' })).status, 200);
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tC.id}`, { login: 'orgAdmin' })).status, 404);
  const view = await srv.request('GET', `/api/v1/tickets/${tA.id}`, { login: 'orgAdmin' });
  assert.ok(!view.text.includes('hushword'), 'internal notes stay hidden from org admins');
});

test('internal notes never reach customers, not even through search', async () => {
  const view = await srv.request('GET', `/api/v1/tickets/${tA.id}`, { login: 'custA' });
  assert.equal(view.status, 200);
  assert.ok(!view.text.includes('hushword'));
  assert.equal(view.json.articles.every((a) => a.internal === false), true);
  const search = await srv.request('GET', '/api/v1/tickets?q=hushword', { login: 'custA' });
  assert.equal(search.status, 200);
  assert.deepEqual(search.json.items, [], 'customer finds a ticket by its internal note');
  const staff = await srv.request('GET', '/api/v1/tickets?q=hushword', { login: 'agentL1' });
  assert.deepEqual(ids(staff), [tA.id]);
  // Search never crosses customers either.
  const cross = await srv.request('GET', '/api/v1/tickets?q=betaword', { login: 'custA' });
  assert.deepEqual(cross.json.items, []);
});

test('agents see their groups, their assignments and unassigned-group tickets; others are 404', async () => {
  const l1 = ids(await srv.request('GET', '/api/v1/tickets', { login: 'agentL1' }));
  for (const t of [tA, tB, tC]) assert.ok(l1.includes(t.id), `L1 sees unassigned-group ticket ${t.id}`);
  assert.ok(!l1.includes(tPay.id), 'L1 must not see the L2 payments ticket');
  assert.ok(!l1.includes(tNet.id), 'L1 must not see the network ticket');
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tPay.id}`, { login: 'agentL1' })).status, 404);
  const patch = await srv.request('PATCH', `/api/v1/tickets/${tPay.id}`, { login: 'agentL1', json: { priority: 1 } });
  assert.equal(patch.status, 404, patch.text);

  const l2 = ids(await srv.request('GET', '/api/v1/tickets', { login: 'agentL2' }));
  assert.ok(l2.includes(tPay.id), 'L2 member sees its group ticket');
  assert.ok(!l2.includes(tNet.id));
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tPay.id}`, { login: 'agentL2' })).status, 200);

  // Assignment to agentL1 makes the network ticket visible to agentL1 although it is in another group.
  const assign = await srv.request('PATCH', `/api/v1/tickets/${tNet.id}`, {
    login: 'agentNet', json: { assignee: srv.id('agentL1') },
  });
  assert.equal(assign.status, 200, assign.text);
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tNet.id}`, { login: 'agentL1' })).status, 200);
  const mine = await srv.request('GET', '/api/v1/tickets?assignee=me', { login: 'agentL1' });
  assert.deepEqual(ids(mine), [tNet.id]);
});

test('supervisors see every ticket', async () => {
  const all = ids(await srv.request('GET', '/api/v1/tickets', { login: 'super' }));
  for (const t of [tA, tB, tC, tPay, tNet]) assert.ok(all.includes(t.id));
});

test('customers cannot change tickets, write internal notes or pick a group', async () => {
  const before = await srv.request('GET', `/api/v1/tickets/${tA.id}`, { login: 'admin' });
  let res = await srv.request('PATCH', `/api/v1/tickets/${tA.id}`, { login: 'custA', json: { priority: 1 } });
  assert.equal(res.status, 403, res.text);
  res = await srv.request('PATCH', `/api/v1/tickets/${tA.id}`, { login: 'custA', json: { status: 'resolved' } });
  assert.equal(res.status, 403, res.text);
  res = await srv.request('POST', `/api/v1/tickets/${tA.id}/articles`, {
    login: 'custA', json: { body: 'sneaky', internal: true },
  });
  assert.equal(res.status, 403, res.text);
  const groups = await srv.request('GET', '/api/v1/groups', { login: 'admin' });
  res = await srv.request('POST', '/api/v1/tickets', {
    login: 'custA', json: { title: 't', description: 'd', group: groups.json.items[0].id },
  });
  assert.equal(res.status, 403, res.text);
  const after = await srv.request('GET', `/api/v1/tickets/${tA.id}`, { login: 'admin' });
  assert.deepEqual(after.json, before.json, 'nothing changed');
});

test('only admins create users and apply policy', async () => {
  for (const login of ['custA', 'agentL1', 'super']) {
    const res = await srv.request('POST', '/api/v1/users', {
      login, json: { login: `made-by-${login}`, password: PASSWORD, role: 'admin' },
    });
    assert.equal(res.status, 403, `${login}: ${res.status} ${res.text}`);
    const policy = await srv.request('POST', '/api/v1/policy', {
      login, body: 'auto_close_working_days: 9\n', headers: { 'content-type': 'application/yaml' },
    });
    assert.equal(policy.status, 403, `${login}: ${policy.status} ${policy.text}`);
  }
  const users = await srv.request('GET', '/api/v1/users', { login: 'admin' });
  assert.ok(!users.json.items.some((u) => u.login.startsWith('made-by-')));
  const policy = await srv.request('GET', '/api/v1/policy', { login: 'admin' });
  assert.notEqual(policy.json.auto_close_working_days, 9);
});

test("customers cannot read other users' records", async () => {
  const other = await srv.request('GET', `/api/v1/users/${srv.id('custB')}`, { login: 'custA' });
  assert.equal(other.status, 404, other.text);
  const self = await srv.request('GET', `/api/v1/users/${srv.id('custA')}`, { login: 'custA' });
  assert.equal(self.status, 200);
  const list = await srv.request('GET', '/api/v1/users', { login: 'custA' });
  assert.ok(list.status === 403 || list.status === 404, `customer lists users: ${list.status}`);
});

test('401 without a token, with a bad token, with a non-Bearer scheme', async () => {
  const paths = ['/api/v1/tickets', `/api/v1/tickets/${tA.id}`, '/api/v1/auth/me', '/api/v1/users', '/api/v1/policy'];
  for (const path of paths) {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${'f'.repeat(64)}` },
      { authorization: 'Basic YWRtaW46eA==' }, { authorization: 'Bearer ' }]) {
      const res = await srv.request('GET', path, { headers });
      assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}: ${res.status}`);
      assert.ok(isErrorBody(res));
    }
  }
  const post = await srv.request('POST', '/api/v1/tickets', { json: { title: 'anon', description: 'anon' } });
  assert.equal(post.status, 401);
  const count = await srv.listAll('admin', 'q=anon');
  assert.equal(count.length, 0);
});

test('logout revokes the session token; other sessions keep working', async () => {
  const token = await srv.login('custB', { fresh: true });
  const other = await srv.login('custB', { fresh: true });
  assert.equal((await srv.request('GET', '/api/v1/auth/me', { token })).status, 200);
  const out = await srv.request('POST', '/api/v1/auth/logout', { token });
  assert.equal(out.status, 204, out.text);
  assert.equal((await srv.request('GET', '/api/v1/auth/me', { token })).status, 401);
  assert.equal((await srv.request('GET', '/api/v1/tickets', { token })).status, 401);
  assert.equal((await srv.request('GET', '/api/v1/auth/me', { token: other })).status, 200);
});

test('API tokens authenticate integrations with the creator\'s rights', async () => {
  const res = await srv.request('POST', '/api/v1/auth/tokens', { login: 'agentL2', json: { name: 'crm-sync' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.name, 'crm-sync');
  const api = res.json.token;
  assert.ok(api && api.length >= 32);
  const me = await srv.request('GET', '/api/v1/auth/me', { token: api });
  assert.equal(me.status, 200);
  assert.equal(me.json.login, 'agentL2');
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tPay.id}`, { token: api })).status, 200);
  assert.equal((await srv.request('GET', `/api/v1/tickets/${tNet.id}`, { token: api })).status, 404);
});

test('repeated failed logins are rate-limited (429) without locking out the right password forever', async () => {
  let limited = null;
  for (let i = 0; i < 30 && !limited; i++) {
    const res = await srv.request('POST', '/api/v1/auth/login', { json: { login: 'custC', password: `wrong${i}` } });
    assert.ok(res.status === 401 || res.status === 429, `attempt ${i}: ${res.status}`);
    if (res.status === 429) limited = res;
  }
  assert.ok(limited, 'no 429 after 30 failed logins');
  assert.ok(isErrorBody(limited));
});
