// Listing: cursor paging through 120 tickets with every sort, filters, and search (Chinese substrings).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mapLimit, startServer } from './harness.mjs';

let srv;
let bulk = []; // 120 tickets of custB opened by agentL1
const LEVELS = ['high', 'medium', 'low'];

before(async () => {
  srv = await startServer();
  bulk = await mapLimit(Array.from({ length: 120 }, (_, i) => i), 8, (i) => srv.openTicket('agentL1', {
    customer: srv.id('custB'),
    title: `bulk ${String(i).padStart(3, '0')}`,
    description: 'paging',
    impact: LEVELS[i % 3],
    urgency: LEVELS[Math.floor(i / 3) % 3],
    kind: i % 2 ? 'request' : 'incident',
    tags: i % 10 === 0 ? ['tenth'] : [],
  }));
  // Some status changes so that status filters and updated_at differ.
  for (const t of bulk.filter((_, i) => i % 4 === 0)) {
    const res = await srv.request('PATCH', `/api/v1/tickets/${t.id}`, { login: 'agentL1', json: { status: 'in_progress' } });
    assert.equal(res.status, 200, res.text);
  }
});
after(async () => { await srv?.destroy(); });

const KEY = {
  id: (t) => t.id,
  created_at: (t) => t.created_at,
  updated_at: (t) => t.updated_at,
  priority: (t) => t.priority,
};

function compare(a, b, sort) {
  const desc = sort.startsWith('-');
  const key = KEY[sort.replace(/^-/, '')];
  const ka = key(a);
  const kb = key(b);
  let c = ka < kb ? -1 : ka > kb ? 1 : 0;
  if (c === 0) c = a.id - b.id;
  return desc ? -c : c;
}

async function pageAll(login, query, limit) {
  const items = [];
  let cursor = null;
  let pages = 0;
  do {
    const path = `/api/v1/tickets?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await srv.request('GET', path, { login });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    assert.ok(res.json.items.length <= limit);
    if (res.json.next_cursor) assert.equal(res.json.items.length, limit, 'only the last page is short');
    items.push(...res.json.items);
    cursor = res.json.next_cursor;
    assert.ok(++pages <= 200, 'paging terminates');
  } while (cursor);
  return { items, pages };
}

for (const sort of ['id', '-id', 'created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority']) {
  test(`cursor paging through 120 tickets, sort=${sort}: no duplicates, no gaps, ordered`, async () => {
    const { items, pages } = await pageAll('agentL1', `customer=${srv.id('custB')}&sort=${sort}`, 7);
    assert.equal(pages, Math.ceil(120 / 7));
    const ids = items.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.deepEqual([...ids].sort((a, b) => a - b), bulk.map((t) => t.id).sort((a, b) => a - b), 'no gaps');
    for (let i = 1; i < items.length; i++) {
      assert.ok(compare(items[i - 1], items[i], sort) < 0, `order at ${i}: ${JSON.stringify([items[i - 1], items[i]].map((t) => [t.id, KEY[sort.replace(/^-/, '')](t)]))}`);
    }
  });
}

test('default listing pages by id too and ends with next_cursor null', async () => {
  const { items } = await pageAll('admin', 'status=new', 50);
  assert.equal(items.length, 90);
  assert.ok(items.every((t) => t.status === 'new'));
  const last = await srv.request('GET', '/api/v1/tickets?limit=200', { login: 'admin' });
  assert.equal(last.json.next_cursor, null);
});

test('filters combine with paging: status list, priority, kind, tag', async () => {
  // The comma is percent-encoded here; a literal comma is covered by the test below.
  const { items } = await pageAll('agentL1', 'status=in_progress%2Cresolved&sort=-priority', 4);
  assert.deepEqual(items.map((t) => t.id).sort((a, b) => a - b),
    bulk.filter((_, i) => i % 4 === 0).map((t) => t.id).sort((a, b) => a - b));
  const p1 = await srv.listAll('agentL1', 'priority=1');
  assert.ok(p1.length > 0 && p1.every((t) => t.priority === 1));
  const requests = await srv.listAll('agentL1', `kind=request&customer=${srv.id('custB')}`);
  assert.equal(requests.length, 60);
  const tenth = await srv.listAll('agentL1', 'tag=tenth');
  assert.equal(tenth.length, 12);
  const none = await srv.listAll('agentL1', 'assignee=none&status=in_progress');
  assert.equal(none.length, 30);
});

test('query values with literal RFC 3986 sub-delimiters (status=a,b; q with \' ( ) ; : @ / ?) are accepted',
  async () => {
    const res = await srv.request('GET', '/api/v1/tickets?status=new,in_progress&limit=1', { login: 'agentL1' });
    assert.equal(res.status, 200, res.text);
    for (const query of ["q=a'b", 'q=a(b)', 'q=a;b', 'q=a:b@c/d?e', 'q=a,b']) {
      const r = await srv.request('GET', `/api/v1/tickets?${query}`, { login: 'agentL1' });
      assert.equal(r.status, 200, `${query}: ${r.text}`);
    }
  });

test('a customer pages through exactly their own tickets', async () => {
  const { items } = await pageAll('custB', 'sort=-created_at', 9);
  assert.equal(items.length, 120);
  assert.ok(items.every((t) => t.customer === srv.id('custB')));
  const a = await pageAll('custA', 'sort=id', 9);
  assert.equal(a.items.length, 0);
});

test('search by Chinese substrings in titles and articles, combined with filters', async () => {
  const t1 = await srv.openTicket('custA', { title: '网上银行登录失败', description: '输入验证码后页面一直转圈，无法进入首页。' });
  const t2 = await srv.openTicket('custA', { title: '电费账单金额异常', description: '本月电费比上月高出三倍，怀疑电表故障。' });
  const t3 = await srv.openTicket('custC', { title: 'Payment gateway timeout', description: '支付通道超时 error 504' });
  await srv.request('POST', `/api/v1/tickets/${t2.id}/articles`, {
    login: 'agentL1', json: { body: '已安排师傅上门检修电表。' },
  });
  const q = async (text, extra = '', login = 'agentL1') => {
    const res = await srv.request('GET', `/api/v1/tickets?q=${encodeURIComponent(text)}${extra}`, { login });
    assert.equal(res.status, 200, res.text);
    return res.json.items.map((t) => t.id).sort((a, b) => a - b);
  };
  assert.deepEqual(await q('银行登录'), [t1.id], 'substring of a title');
  assert.deepEqual(await q('登录'), [t1.id], 'two characters');
  assert.deepEqual(await q('电'), [t2.id], 'one character');
  assert.deepEqual(await q('验证码后页面'), [t1.id], 'substring of the description');
  assert.deepEqual(await q('上门检修'), [t2.id], 'substring of a later article');
  assert.deepEqual(await q('电表'), [t2.id]);
  assert.deepEqual(await q('支付通道超时'), [t3.id]);
  assert.deepEqual(await q('gateway'), [t3.id], 'latin word');
  assert.deepEqual(await q('GATEWAY'), [t3.id], 'case-insensitive latin');
  assert.deepEqual(await q('银行电费'), [], 'no match across tickets');
  assert.deepEqual(await q('100%'), []);
  assert.deepEqual(await q('"quoted" \' OR 1=1 --'), [], 'quotes are plain text');
  assert.deepEqual(await q('电费', '&status=new'), [t2.id]);
  assert.deepEqual(await q('电费', '&status=resolved'), []);
  assert.deepEqual(await q('电费', `&customer=${srv.id('custC')}`), []);
  assert.deepEqual(await q('超时', '', 'custA'), [], 'customers search only their tickets');
  assert.deepEqual(await q('电费', '', 'custA'), [t2.id]);
  assert.deepEqual(await q('bulk 00'), bulk.slice(0, 10).map((t) => t.id).sort((a, b) => a - b));
});

test('canned responses list and render with ticket, customer and agent variables', async () => {
  const t = await srv.openTicket('custC', { title: '停水通知咨询' });
  const list = await srv.request('GET', '/api/v1/canned-responses', { login: 'agentL1' });
  assert.equal(list.status, 200, list.text);
  const ack = list.json.items.find((c) => c.name === '受理确认');
  assert.ok(ack, 'policy canned response exists');
  assert.match(ack.body, /\{\{ticket\.id\}\}/);
  const res = await srv.request('GET', `/api/v1/canned-responses/${ack.id}/render?ticket=${t.id}`, { login: 'agentL1' });
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.body.includes(`#${t.id}`), res.json.body);
  assert.ok(res.json.body.includes('停水通知咨询'), res.json.body);
  assert.ok(res.json.body.includes('custC'), 'customer name');
  assert.ok(res.json.body.includes('agentL1'), 'agent name');
  assert.ok(!res.json.body.includes('{{'), 'every variable filled');
  const en = list.json.items.find((c) => c.name === 'acknowledgement');
  const rendered = await srv.request('GET', `/api/v1/canned-responses/${en.id}/render?ticket=${t.id}`, { login: 'agentL1' });
  assert.equal(rendered.json.body, `Hello custC, we have received ticket #${t.id} (停水通知咨询) and are on it. — agentL1`);
  // Rendering for a ticket the caller cannot see is 404.
  const pay = await srv.request('GET', '/api/v1/services', { login: 'admin' });
  const payments = pay.json.items.find((s) => s.code === 'payments');
  const hidden = await srv.openTicket('custC', { title: 'hidden', service: payments.id });
  const denied = await srv.request('GET', `/api/v1/canned-responses/${ack.id}/render?ticket=${hidden.id}`, { login: 'agentL1' });
  assert.equal(denied.status, 404, denied.text);
});
