// The full ticket lifecycle through CLI and API: users, intake with an attachment, replies, internal notes,
// status changes, customer hand-back, resolution, confirmation, reopen, history.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, startServer } from './harness.mjs';

let srv;
let services;

before(async () => {
  srv = await startServer();
  const res = await srv.request('GET', '/api/v1/services', { login: 'admin' });
  assert.equal(res.status, 200, res.text);
  services = Object.fromEntries(res.json.items.map((s) => [s.code, s]));
});
after(async () => { await srv?.destroy(); });

const b64 = (text) => Buffer.from(text).toString('base64');

async function patch(login, id, fields, headers = {}) {
  return srv.request('PATCH', `/api/v1/tickets/${id}`, { login, json: fields, headers });
}

async function statusOf(id) {
  const res = await srv.request('GET', `/api/v1/tickets/${id}`, { login: 'admin' });
  assert.equal(res.status, 200, res.text);
  return res.json.status;
}

test('users created with the CLI can log in; /auth/me names them', async () => {
  const res = await srv.request('GET', '/api/v1/auth/me', { login: 'custA' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.login, 'custA');
  assert.equal(res.json.role, 'customer');
  assert.equal(res.json.id, srv.id('custA'));
  assert.ok(res.json.organisation, 'customer has an organisation');
  const agent = await srv.request('GET', '/api/v1/auth/me', { login: 'agentL1' });
  assert.equal(agent.json.role, 'agent');
  assert.equal(agent.json.groups.length, 1);
  assert.ok(!('password' in res.json) && !('password_hash' in res.json), 'no password material in user JSON');
});

test('admin creates users through the API; they log in; duplicates are refused', async () => {
  const created = await srv.request('POST', '/api/v1/users', {
    login: 'admin',
    json: { login: 'apiAgent', password: PASSWORD, role: 'agent', display_name: '张三', groups: ['服务台 L1'] },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.login, 'apiAgent');
  assert.equal(created.json.role, 'agent');
  srv.users.set('apiAgent', { id: created.json.id, login: 'apiAgent', password: PASSWORD, role: 'agent' });

  const customer = await srv.request('POST', '/api/v1/users', {
    login: 'admin',
    json: { login: 'apiCustomer', password: PASSWORD, role: 'customer', organisation: 'Acme Trading Ltd',
      customer_grade: 'vip', customer_class: 'enterprise' },
  });
  assert.equal(customer.status, 201, customer.text);
  assert.equal(customer.json.customer_grade, 'vip');
  srv.users.set('apiCustomer', { id: customer.json.id, login: 'apiCustomer', password: PASSWORD, role: 'customer' });

  const me = await srv.request('GET', '/api/v1/auth/me', { login: 'apiAgent' });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.display_name, '张三');

  const again = await srv.request('POST', '/api/v1/users', {
    login: 'admin', json: { login: 'apiAgent', password: PASSWORD, role: 'agent' },
  });
  assert.ok(again.status === 409 || again.status === 400, `duplicate login: ${again.status} ${again.text}`);
  assert.ok(again.json?.error, 'JSON error');

  const dupCli = await srv.cli(['admin', 'create-user', '--login', 'custA', '--password', PASSWORD, '--role', 'customer']);
  assert.notEqual(dupCli.code, 0, 'CLI refuses a duplicate login');

  const users = await srv.request('GET', '/api/v1/users?role=agent', { login: 'admin' });
  assert.equal(users.status, 200);
  assert.ok(users.json.items.some((u) => u.login === 'apiAgent'));
  assert.ok(users.json.items.every((u) => u.role === 'agent'));
});

test('wrong password is refused with 401 and a JSON error', async () => {
  const res = await srv.request('POST', '/api/v1/auth/login', { json: { login: 'custA', password: 'nope-nope' } });
  assert.equal(res.status, 401, res.text);
  assert.ok(res.json.error.code);
  assert.equal(res.json.token, undefined);
});

test('full lifecycle: open with attachment → reply, internal note → pending → customer reply → resolve → confirm',
  async () => {
    const attachmentBytes = 'PNG-ish \u0000\u0001\u0002 bytes 电费单';
    const open = await srv.request('POST', '/api/v1/tickets', {
      login: 'custA',
      json: {
        title: '网上银行无法登录',
        description: '今天早上开始登录网银一直提示密码错误。',
        kind: 'incident',
        service: services['service-hall'].id,
        attachments: [{ filename: 'screen.png', content_type: 'image/png', data_base64: b64(attachmentBytes) }],
      },
    });
    assert.equal(open.status, 201, open.text);
    const ticket = open.json;
    assert.equal(ticket.status, 'new');
    assert.equal(ticket.customer, srv.id('custA'));
    assert.equal(ticket.service, services['service-hall'].id);
    assert.equal(ticket.group, services['service-hall'].owner_group, 'routed to the service owner group');
    assert.ok(Array.isArray(ticket.sla), 'sla list present');
    assert.equal(typeof ticket.priority, 'number');
    assert.match(open.headers.get('etag'), /^"v\d+"$/);
    assert.equal(open.headers.get('location'), `/api/v1/tickets/${ticket.id}`);
    const id = ticket.id;

    // The customer reads it back with its attachment.
    const mine = await srv.request('GET', `/api/v1/tickets/${id}`, { login: 'custA' });
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.articles.length, 1);
    assert.equal(mine.json.articles[0].body, '今天早上开始登录网银一直提示密码错误。');
    const [att] = mine.json.articles[0].attachments;
    assert.equal(att.filename, 'screen.png');
    assert.equal(att.size, Buffer.byteLength(attachmentBytes));
    const download = await srv.request('GET', att.url, { login: 'custA' });
    assert.equal(download.status, 200);
    assert.equal(download.buffer.toString(), attachmentBytes);
    assert.match(download.headers.get('content-disposition'), /^attachment/);

    // The L1 agent (member of the owner group) sees it in the queue.
    const queue = await srv.request('GET', `/api/v1/tickets?status=new&group=${ticket.group}`, { login: 'agentL1' });
    assert.equal(queue.status, 200, queue.text);
    assert.ok(queue.json.items.some((t) => t.id === id), 'agent sees the new ticket');
    const agentDownload = await srv.request('GET', att.url, { login: 'agentL1' });
    assert.equal(agentDownload.status, 200);

    // Agent takes it and replies publicly.
    let res = await patch('agentL1', id, { status: 'acknowledged', assignee: srv.id('agentL1') });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'acknowledged');
    assert.equal(res.json.assignee, srv.id('agentL1'));
    res = await srv.request('POST', `/api/v1/tickets/${id}/articles`, {
      login: 'agentL1', json: { body: '您好，我们正在核实您的账户状态。' },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.internal, false);

    // Internal note with an attachment.
    res = await srv.request('POST', `/api/v1/tickets/${id}/articles`, {
      login: 'agentL1',
      json: { body: '内部备注：疑似撞库攻击 secretword', internal: true,
        attachments: [{ filename: 'log.txt', content_type: 'text/plain', data_base64: b64('internal log') }] },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.internal, true);
    const noteId = res.json.id;

    res = await patch('agentL1', id, { status: 'in_progress' });
    assert.equal(res.status, 200, res.text);
    res = await patch('agentL1', id, { status: 'pending_customer' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'pending_customer');

    // The customer sees the public reply but never the internal note or its attachment.
    const view = await srv.request('GET', `/api/v1/tickets/${id}`, { login: 'custA' });
    assert.equal(view.status, 200);
    assert.equal(view.json.status, 'pending_customer');
    assert.deepEqual(view.json.articles.map((a) => a.body),
      ['今天早上开始登录网银一直提示密码错误。', '您好，我们正在核实您的账户状态。']);
    assert.ok(!view.text.includes('secretword') && !view.text.includes('撞库'), 'internal note leaked to customer');
    const staffView = await srv.request('GET', `/api/v1/tickets/${id}`, { login: 'agentL1' });
    assert.equal(staffView.json.articles.length, 3, 'staff see the internal note');
    const internalAttachment = staffView.json.articles.find((a) => a.id === noteId).attachments[0];
    assert.equal(internalAttachment.filename, 'log.txt');
    assert.equal((await srv.request('GET', internalAttachment.url, { login: 'custA' })).status, 404);
    assert.equal((await srv.request('GET', internalAttachment.url, { login: 'agentL1' })).status, 200);

    // The customer's reply hands the ticket back to the desk.
    res = await srv.request('POST', `/api/v1/tickets/${id}/articles`, {
      login: 'custA', json: { body: '我已经重置了密码，还是不行。' },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(await statusOf(id), 'in_progress');

    // Confirm before resolution is a conflict.
    res = await srv.request('POST', `/api/v1/tickets/${id}/confirm`, { login: 'custA' });
    assert.equal(res.status, 409, res.text);

    res = await patch('agentL1', id, { status: 'resolved' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'resolved');
    assert.ok(res.json.resolved_at);

    res = await srv.request('POST', `/api/v1/tickets/${id}/confirm`, { login: 'custA' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'closed');
    assert.ok(res.json.closed_at);
    assert.equal(await statusOf(id), 'closed');

    // A closed ticket takes no more articles or status changes.
    res = await srv.request('POST', `/api/v1/tickets/${id}/articles`, { login: 'custA', json: { body: 'late' } });
    assert.equal(res.status, 409, res.text);
    res = await patch('agentL1', id, { status: 'in_progress' });
    assert.equal(res.status, 409, res.text);

    // History: every change with who, old and new.
    const history = await srv.request('GET', `/api/v1/tickets/${id}/history`, { login: 'agentL1' });
    assert.equal(history.status, 200, history.text);
    const entries = history.json.items;
    for (const e of entries) {
      assert.equal(e.ticket, id);
      assert.ok(e.at, 'entry has a time');
      assert.ok('old' in e && 'new' in e && 'actor' in e && 'field' in e);
    }
    const statusChanges = entries.filter((e) => e.field === 'status' && e.old !== e.new)
      .map((e) => [e.actor, e.old, e.new]);
    const A = srv.id('agentL1');
    const C = srv.id('custA');
    assert.deepEqual(statusChanges, [
      [A, 'new', 'acknowledged'],
      [A, 'acknowledged', 'in_progress'],
      [A, 'in_progress', 'pending_customer'],
      [C, 'pending_customer', 'in_progress'],
      [A, 'in_progress', 'resolved'],
      [C, 'resolved', 'closed'],
    ]);
    const created = entries.find((e) => e.field === 'created');
    assert.ok(created, 'creation recorded');
    assert.equal(created.actor, C);
    const assignee = entries.find((e) => e.field === 'assignee');
    assert.ok(assignee, 'assignment recorded');
    assert.equal(assignee.actor, A);
    assert.equal(String(assignee.new), String(A));
    assert.ok(entries.some((e) => e.field === 'internal_note' && e.actor === A), 'internal note recorded');
    assert.ok(entries.filter((e) => e.field === 'reply').length >= 2, 'replies recorded');
    // History is staff-only.
    const customerHistory = await srv.request('GET', `/api/v1/tickets/${id}/history`, { login: 'custA' });
    assert.equal(customerHistory.status, 403, customerHistory.text);
  });

test('reopen: customer rejects a resolution, the ticket goes back to in_progress and can be closed again', async () => {
  const t = await srv.openTicket('custA', { title: '停电了', description: '小区整栋楼停电。' });
  let res = await patch('agentL1', t.id, { status: 'in_progress' });
  assert.equal(res.status, 200, res.text);

  res = await srv.request('POST', `/api/v1/tickets/${t.id}/reopen`, { login: 'custA', json: { reason: 'still broken' } });
  assert.equal(res.status, 409, 'only resolved tickets reopen');

  res = await patch('agentL1', t.id, { status: 'resolved' });
  assert.equal(res.status, 200, res.text);

  res = await srv.request('POST', `/api/v1/tickets/${t.id}/reopen`, { login: 'custA', json: {} });
  assert.equal(res.status, 400, 'reason is required');
  assert.equal(await statusOf(t.id), 'resolved');

  res = await srv.request('POST', `/api/v1/tickets/${t.id}/reopen`, {
    login: 'custA', json: { reason: '还是没有电，请再看看。' },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'in_progress');
  assert.equal(res.json.resolved_at, null);

  const view = await srv.request('GET', `/api/v1/tickets/${t.id}`, { login: 'custA' });
  assert.ok(view.json.articles.some((a) => a.body === '还是没有电，请再看看。'), 'reason is kept as an article');

  res = await patch('agentL1', t.id, { status: 'resolved' });
  assert.equal(res.status, 200, res.text);
  res = await srv.request('POST', `/api/v1/tickets/${t.id}/confirm`, { login: 'custA' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'closed');

  res = await srv.request('POST', `/api/v1/tickets/${t.id}/reopen`, { login: 'custA', json: { reason: 'again' } });
  assert.equal(res.status, 409, 'closed tickets do not reopen');

  const history = await srv.request('GET', `/api/v1/tickets/${t.id}/history`, { login: 'super' });
  const fields = history.json.items.map((e) => e.field);
  assert.ok(fields.includes('reopened'), 'reopen recorded');
  const changes = history.json.items.filter((e) => e.field === 'status' && e.old !== e.new).map((e) => `${e.old}>${e.new}`);
  assert.deepEqual(changes, ['new>in_progress', 'in_progress>resolved', 'resolved>in_progress', 'in_progress>resolved',
    'resolved>closed']);
});

test('staff open tickets for a customer; priority follows impact × urgency and the VIP raise', async () => {
  const normal = await srv.openTicket('agentL1', { customer: srv.id('custA'), impact: 'high', urgency: 'high', channel: 'phone' });
  assert.equal(normal.customer, srv.id('custA'));
  assert.equal(normal.created_by, srv.id('agentL1'));
  assert.equal(normal.channel, 'phone');
  assert.equal(normal.priority, 1);
  const low = await srv.openTicket('agentL1', { customer: srv.id('custA'), impact: 'low', urgency: 'low' });
  assert.equal(low.priority, 4);
  const vip = await srv.openTicket('agentL1', { customer: srv.id('custC'), impact: 'medium', urgency: 'medium' });
  assert.equal(vip.priority, 2, 'VIP grade raises priority 3 → 2');

  const forOther = await srv.request('POST', '/api/v1/tickets', {
    login: 'custA', json: { title: 'x', description: 'y', customer: srv.id('custB') },
  });
  assert.equal(forOther.status, 403, forOther.text);
});

test('links between tickets show on both sides; tags filter', async () => {
  const a = await srv.openTicket('custA', { title: 'link a', tags: ['outage'] });
  const b = await srv.openTicket('custA', { title: 'link b' });
  const res = await srv.request('POST', `/api/v1/tickets/${a.id}/links`, {
    login: 'agentL1', json: { kind: 'parent', target: b.id },
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.items, [{ kind: 'parent', target: b.id }]);
  const other = await srv.request('GET', `/api/v1/tickets/${b.id}`, { login: 'agentL1' });
  assert.deepEqual(other.json.links, [{ kind: 'child', target: a.id }]);
  const self = await srv.request('POST', `/api/v1/tickets/${a.id}/links`, {
    login: 'agentL1', json: { kind: 'related', target: a.id },
  });
  assert.equal(self.status, 400);
  const byTag = await srv.request('GET', '/api/v1/tickets?tag=outage', { login: 'agentL1' });
  assert.deepEqual(byTag.json.items.map((t) => t.id), [a.id]);
  const customerLink = await srv.request('POST', `/api/v1/tickets/${a.id}/links`, {
    login: 'custA', json: { kind: 'related', target: b.id },
  });
  assert.equal(customerLink.status, 403, customerLink.text);
});

test('POST /tickets/{id}/articles answers with the stored attachment ids and urls',
  async () => {
    const t = await srv.openTicket('custA', { title: 'attachment ids' });
    const res = await srv.request('POST', `/api/v1/tickets/${t.id}/articles`, {
      login: 'custA',
      json: { body: 'see file', attachments: [{ filename: 'f.txt', content_type: 'text/plain', data_base64: b64('file!') }] },
    });
    assert.equal(res.status, 201, res.text);
    const [att] = res.json.attachments;
    assert.ok(att.id > 0, `attachment id ${att.id}`);
    const download = await srv.request('GET', att.url, { login: 'custA' });
    assert.equal(download.status, 200);
    assert.equal(download.buffer.toString(), 'file!');
  });
