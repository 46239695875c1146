// Graded problem notices: bursts of complaints through the API open exactly one notice (parallel clients, and on
// PostgreSQL two server processes on one database), the lifecycle with its role checks, the public statement as
// customers see it, resolution of the linked tickets, the review, and bad input. Rules: examples/policy.yaml.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BACKEND, STANDARD_USERS, Server, isErrorBody, startServer } from './harness.mjs';

let srv;
let categories; // path -> id
before(async () => {
  srv = await startServer({ users: [...STANDARD_USERS, { login: 'slm', role: 'service_level_manager' }] });
  const res = await srv.request('GET', '/api/v1/categories', { login: 'admin' });
  assert.equal(res.status, 200, res.text);
  categories = new Map(res.json.items.map((c) => [c.path, c.id]));
});
after(async () => { await srv?.destroy(); });

const complain = (server, login, path, n = 0) => server.request('POST', '/api/v1/tickets', {
  login, json: { title: `故障 ${path} #${n}`, description: '无法操作', kind: 'complaint', category: categories.get(path) },
});
const noticesOf = async (rule) => {
  const res = await srv.request('GET', '/api/v1/notices?limit=200', { login: 'agentL1' });
  assert.equal(res.status, 200, res.text);
  return res.json.items.filter((n) => n.rule === rule);
};
const detail = async (id, login = 'super') => {
  const res = await srv.request('GET', `/api/v1/notices/${id}`, { login });
  assert.equal(res.status, 200, res.text);
  return res.json;
};
const step = (id, login, json) => srv.request('POST', `/api/v1/notices/${id}/transitions`, { login, json });

test('20 parallel complaints: exactly one notice, every ticket linked, the grade risen with the count', async () => {
  for (const login of ['custA', 'custC']) await srv.login(login);
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    complain(srv, i % 4 === 0 ? 'custC' : 'custA', 'key/login', i)));
  for (const r of results) assert.equal(r.status, 201, r.text);
  const notices = await noticesOf('key-login');
  assert.equal(notices.length, 1, JSON.stringify(notices));
  assert.equal(notices[0].ticket_count, 20);
  assert.equal(notices[0].grade, 2, 'the table: from 6 tickets 二级');
  assert.equal(notices[0].state, 'open');
  const view = await detail(notices[0].id);
  assert.deepEqual([...view.tickets].sort((a, b) => a - b), results.map((r) => r.json.id).sort((a, b) => a - b));
  assert.equal(view.timeline[0].kind, 'opened');
  assert.ok(view.timeline.some((e) => e.kind === 'grade'), 'the grade change is on the timeline');
  // The agent taking any of them sees the notice at once.
  const ticket = await srv.request('GET', `/api/v1/tickets/${results[7].json.id}`, { login: 'super' });
  assert.equal(ticket.json.notice.id, notices[0].id);
  assert.equal(ticket.json.notice.grade, 2);
});

test('below the threshold nothing opens; other categories do not count', async () => {
  const results = await Promise.all([0, 1, 2, 3].map((i) => complain(srv, 'custA', 'key/payment', i)));
  for (const r of results) assert.equal(r.status, 201, r.text);
  assert.equal((await complain(srv, 'custA', 'regular/page')).status, 201);
  assert.equal((await noticesOf('key-payment')).length, 0, '4 normal complaints are under the threshold of 5');
  const ticket = await srv.request('GET', `/api/v1/tickets/${results[0].json.id}`, { login: 'super' });
  assert.equal(ticket.json.notice, null);
  assert.equal((await complain(srv, 'custC', 'key/payment')).status, 201);  // the fifth (a VIP counts as normal too)
  assert.equal((await noticesOf('key-payment')).length, 1);
});

test('two server processes on one PostgreSQL database: one burst, one notice', {
  skip: BACKEND !== 'postgres' && 'several nodes share a database on PostgreSQL only',
}, async () => {
  const second = new Server({ dataDir: mkdtempSync(join(tmpdir(), 'sladesk-it-')), databaseUrl: srv.databaseUrl });
  for (const [login, user] of srv.users) second.users.set(login, user);
  await second.launch();
  try {
    for (const login of ['custA', 'custC']) { await srv.login(login); await second.login(login); }
    for (const [round, path, rule] of [[0, 'key/withdrawal', 'key-withdrawal'], [1, 'regular/message', 'regular']]) {
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) =>
        complain(i % 2 ? second : srv, i % 3 ? 'custA' : 'custC', path, i)));
      for (const r of results) assert.equal(r.status, 201, `round ${round}: ${r.text}`);
      const notices = await noticesOf(rule);
      assert.equal(notices.length, 1, `round ${round}: ${JSON.stringify(notices)}`);
      const linked = new Set((await detail(notices[0].id)).tickets);
      for (const r of results) assert.ok(linked.has(r.json.id), `round ${round}: ticket ${r.json.id} is linked`);
    }
  } finally {
    await second.stop();
    rmSync(second.dataDir, { recursive: true, force: true });
  }
});

test('lifecycle with roles, the statement as customers see it, resolution of the tickets, the review', async () => {
  const opened = await complain(srv, 'custA', 'security/data-leak');
  assert.equal(opened.status, 201, opened.text);
  const [notice] = (await noticesOf('security')).filter((n) => n.state === 'open');
  assert.ok(notice, 'the first security complaint opens a notice');
  assert.equal(notice.grade, 1);
  const id = notice.id;

  // Customers may not read notices; agents may read but not act; grade 1 belongs to the service level manager.
  const customerList = await srv.request('GET', '/api/v1/notices', { login: 'custA' });
  assert.equal(customerList.status, 403);
  assert.ok(isErrorBody(customerList));
  assert.equal((await srv.request('GET', `/api/v1/notices/${id}`, { login: 'custA' })).status, 403);
  assert.equal((await step(id, 'agentL1', { to: 'acknowledged' })).status, 403);
  assert.equal((await step(id, 'super', { to: 'acknowledged' })).status, 403);
  const early = await step(id, 'slm', { to: 'resolved', resolution: 'x' });
  assert.equal(early.status, 409, early.text);
  assert.ok(isErrorBody(early));
  const ack = await step(id, 'slm', { to: 'acknowledged' });
  assert.equal(ack.status, 200, ack.text);
  assert.equal(ack.json.state, 'acknowledged');
  assert.equal((await step(id, 'super', { to: 'mitigated' })).status, 200);

  // Statement: drafted, approved by the owner (not a supervisor), published; customers then see only its text.
  const draft = await srv.request('POST', `/api/v1/notices/${id}/statement`, { login: 'super', json: { text: '部分用户信息显示异常，已紧急处理' } });
  assert.equal(draft.status, 200, draft.text);
  assert.equal((await srv.request('POST', `/api/v1/notices/${id}/statement/approve`, { login: 'super' })).status, 403);
  assert.equal((await srv.request('POST', `/api/v1/notices/${id}/statement/publish`, { login: 'super' })).status, 409);
  assert.equal((await srv.request('GET', `/api/v1/tickets/${opened.json.id}`, { login: 'custA' })).json.notice, null);
  assert.equal((await srv.request('POST', `/api/v1/notices/${id}/statement/approve`, { login: 'slm' })).status, 200);
  const published = await srv.request('POST', `/api/v1/notices/${id}/statement/publish`, { login: 'super' });
  assert.equal(published.status, 200, published.text);
  assert.equal(published.json.statement.state, 'published');
  const seen = await srv.request('GET', `/api/v1/tickets/${opened.json.id}`, { login: 'custA' });
  assert.deepEqual(Object.keys(seen.json.notice).sort(), ['published_at', 'statement']);
  assert.equal(seen.json.notice.statement, '部分用户信息显示异常，已紧急处理');
  const staffSeen = await srv.request('GET', `/api/v1/tickets/${opened.json.id}`, { login: 'super' });
  assert.equal(staffSeen.json.notice.id, id);
  assert.equal(staffSeen.json.notice.statement, '部分用户信息显示异常，已紧急处理');

  // Resolving resolves the linked tickets with the resolution text; the customer still confirms.
  const noText = await step(id, 'super', { to: 'resolved' });
  assert.equal(noText.status, 400, noText.text);
  const resolved = await step(id, 'super', { to: 'resolved', resolution: '漏洞已修复，请修改密码' });
  assert.equal(resolved.status, 200, resolved.text);
  const ticket = await srv.request('GET', `/api/v1/tickets/${opened.json.id}`, { login: 'custA' });
  assert.equal(ticket.json.status, 'resolved');
  assert.equal(ticket.json.articles.at(-1).body, '漏洞已修复，请修改密码');
  assert.equal((await srv.request('POST', `/api/v1/tickets/${opened.json.id}/confirm`, { login: 'custA' })).status, 200);

  // The review closes it; the whole story is on the timeline.
  const review = { cause: '缓存配置错误', timeline: '10:02 首个投诉; 10:20 回滚', actions: '上线前增加配置审查' };
  assert.equal((await srv.request('POST', `/api/v1/notices/${id}/review`, { login: 'super', json: review })).status, 403);
  const closed = await srv.request('POST', `/api/v1/notices/${id}/review`, { login: 'slm', json: review });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'reviewed');
  assert.deepEqual(closed.json.review, review);
  const kinds = (await detail(id)).timeline.map((e) => e.kind);
  for (const kind of ['opened', 'state', 'statement', 'tickets_resolved']) assert.ok(kinds.includes(kind), kind);
  const reviewed = await srv.request('GET', '/api/v1/notices?state=reviewed', { login: 'agentL1' });
  assert.ok(reviewed.json.items.some((n) => n.id === id));
  assert.ok(reviewed.json.items.every((n) => n.state === 'reviewed'));
});

test('opening by hand, linking and the grade by hand with a reason', async () => {
  const t = await srv.openTicket('custB', { title: '投注失败' });
  const denied = await srv.request('POST', '/api/v1/notices', { login: 'agentL1', json: { title: '投注异常', grade: 3 } });
  assert.equal(denied.status, 403);
  const created = await srv.request('POST', '/api/v1/notices', { login: 'super', json: { title: '投注异常', grade: 3, tickets: [t.id] } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.headers.get('location'), `/api/v1/notices/${created.json.id}`);
  assert.equal(created.json.ticket_count, 1);
  assert.equal(created.json.rule, null);
  const noReason = await srv.request('POST', `/api/v1/notices/${created.json.id}/grade`, { login: 'super', json: { grade: 2 } });
  assert.equal(noReason.status, 400);
  const graded = await srv.request('POST', `/api/v1/notices/${created.json.id}/grade`, { login: 'super', json: { grade: 2, reason: '涉及资金' } });
  assert.equal(graded.status, 200, graded.text);
  assert.equal(graded.json.grade, 2);
  const other = await srv.openTicket('custA', { title: '也投注失败' });
  const linked = await srv.request('POST', `/api/v1/notices/${created.json.id}/tickets`, { login: 'super', json: { ticket: other.id } });
  assert.equal(linked.status, 200, linked.text);
  assert.equal(linked.json.ticket_count, 2);
  const byGrade = await srv.request('GET', '/api/v1/notices?grade=2&state=open', { login: 'agentL1' });
  assert.ok(byGrade.json.items.some((n) => n.id === created.json.id));
  assert.ok(byGrade.json.items.every((n) => n.grade === 2 && n.state === 'open'));
});

test('bad input is a 4xx with a JSON error body and changes nothing', async () => {
  const before = (await srv.request('GET', '/api/v1/notices?limit=200', { login: 'super' })).json.items;
  const cases = [
    ['POST', '/api/v1/notices', { title: 'x' }, 400],
    ['POST', '/api/v1/notices', { title: 'x', grade: 3, colour: 'red' }, 400],
    ['POST', '/api/v1/notices', { title: 'x', grade: 12 }, 400],
    ['POST', '/api/v1/notices', { title: 'x', grade: 3, tickets: [999999] }, 400],
    ['POST', '/api/v1/notices', { title: '  ', grade: 3 }, 400],
    ['POST', `/api/v1/notices/${before[0].id}/transitions`, { to: 'sideways' }, 400],
    ['POST', `/api/v1/notices/${before[0].id}/statement`, { text: 5 }, 400],
    ['POST', `/api/v1/notices/${before[0].id}/statement/approve`, { please: true }, 400],
    ['POST', '/api/v1/notices/999999/transitions', { to: 'acknowledged' }, 404],
    ['GET', '/api/v1/notices/999999', undefined, 404],
    ['GET', '/api/v1/notices?state=bogus', undefined, 400],
    ['GET', '/api/v1/notices?grade=0', undefined, 400],
  ];
  for (const [method, path, json, status] of cases) {
    const res = await srv.request(method, path, { login: 'super', json });
    assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(json)}: ${res.text}`);
    assert.ok(isErrorBody(res), res.text);
  }
  const unauthenticated = await srv.request('GET', '/api/v1/notices');
  assert.equal(unauthenticated.status, 401);
  const afterwards = (await srv.request('GET', '/api/v1/notices?limit=200', { login: 'super' })).json.items;
  assert.deepEqual(afterwards, before);
});
