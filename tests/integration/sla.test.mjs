// SLA clocks through the running server: the "sla" list on tickets, pauses, the clock detail, agreements,
// feasibility, calendars with .ics export and holiday import, and the background recompute after a policy change.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isErrorBody, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.destroy(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const byTarget = (sla, target, scope = 'sla') => sla.find((c) => c.target === target && c.scope === scope);

async function ticket(id, login = 'admin') {
  const res = await srv.request('GET', `/api/v1/tickets/${id}`, { login });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

const ics = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//sladesk tests//EN',
  'BEGIN:VEVENT', 'UID:founders-day@test', 'DTSTART;VALUE=DATE:20270315', 'DTEND;VALUE=DATE:20270317',
  'SUMMARY:Founders day', 'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n');

test('a new ticket carries its SLA clocks with fixed deadlines; the customer sees only the SLA', async () => {
  const created = await srv.openTicket('custA', { title: 'invoice page empty' });
  assert.ok(Array.isArray(created.sla), JSON.stringify(created));
  const first = byTarget(created.sla, 'first_response');
  const resolution = byTarget(created.sla, 'resolution');
  assert.ok(first && resolution, JSON.stringify(created.sla));
  assert.equal(resolution.agreement, 'standard');
  assert.equal(resolution.calendar, 'cn-office');
  assert.equal(resolution.state, 'running');
  assert.match(resolution.due_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Date.parse(resolution.due_at) > Date.parse(created.created_at));
  assert.equal(resolution.target_seconds, 24 * 3600);  // priority 3 in examples/policy.yaml
  for (const clock of created.sla) assert.equal(clock.scope, 'sla', 'customers never see OLA/UC clocks');

  const again = await ticket(created.id);
  assert.equal(byTarget(again.sla, 'resolution').due_at, resolution.due_at, 'a deadline does not drift on its own');
  const list = await srv.request('GET', '/api/v1/tickets?limit=5', { login: 'custA' });
  assert.equal(list.status, 200, list.text);
  const listed = list.json.items.find((t) => t.id === created.id);
  assert.equal(byTarget(listed.sla, 'resolution').due_at, resolution.due_at);
});

test('waiting on the customer pauses the clocks; their reply resumes and starts an update cycle', async () => {
  const created = await srv.openTicket('custA', { title: 'cannot download statement' });
  const paused = await srv.request('PATCH', `/api/v1/tickets/${created.id}`, {
    login: 'admin', json: { status: 'pending_customer' },
  });
  assert.equal(paused.status, 200, paused.text);
  const resolution = byTarget(paused.json.sla, 'resolution');
  assert.equal(resolution.state, 'paused');
  assert.equal(resolution.due_at, null, 'a paused clock has no deadline, only remaining working time');
  assert.ok(resolution.remaining_seconds > 0);

  const reply = await srv.request('POST', `/api/v1/tickets/${created.id}/articles`, {
    login: 'custA', json: { body: 'here is the statement number', internal: false },
  });
  assert.equal(reply.status, 201, reply.text);
  const resumed = await ticket(created.id);
  assert.equal(resumed.status, 'in_progress');
  assert.equal(byTarget(resumed.sla, 'resolution').state, 'running');
  const update = byTarget(resumed.sla, 'next_update');
  assert.ok(update, 'the customer message starts the next-update clock');
  assert.equal(update.cycle, 1);
  assert.equal(update.state, 'running');
});

test('staff read every clock with its segments; customers and strangers cannot', async () => {
  const created = await srv.openTicket('custA', { title: 'payment failed twice' });
  const detail = await srv.request('GET', `/api/v1/tickets/${created.id}/clocks`, { login: 'admin' });
  assert.equal(detail.status, 200, detail.text);
  assert.ok(detail.json.clocks.length >= 2);
  assert.ok(detail.json.segments.some((s) => s.clock === 'sla:resolution' && s.to === null), detail.text);
  assert.ok(detail.json.policy_revision >= 1);
  const customer = await srv.request('GET', `/api/v1/tickets/${created.id}/clocks`, { login: 'custA' });
  assert.equal(customer.status, 403);
  assert.ok(isErrorBody(customer));
  const missing = await srv.request('GET', '/api/v1/tickets/999999/clocks', { login: 'admin' });
  assert.equal(missing.status, 404);
});

test('agreements and the feasibility check are readable by staff, with bad parameters refused', async () => {
  const agreements = await srv.request('GET', '/api/v1/agreements', { login: 'agentL1' });
  assert.equal(agreements.status, 200, agreements.text);
  const names = agreements.json.items.map((a) => `${a.kind}:${a.name}`);
  for (const expected of ['sla:standard', 'sla:enterprise', 'ola:l1-desk', 'uc:payment-gateway']) {
    assert.ok(names.includes(expected), names.join(', '));
  }
  const ucs = await srv.request('GET', '/api/v1/agreements?kind=uc', { login: 'agentL1' });
  assert.ok(ucs.json.items.every((a) => a.kind === 'uc'));
  assert.equal((await srv.request('GET', '/api/v1/agreements', { login: 'custA' })).status, 403);
  assert.equal((await srv.request('GET', '/api/v1/agreements?kind=gold', { login: 'admin' })).status, 400);

  const check = await srv.request('GET', '/api/v1/agreements/feasibility?from=2026-03-02&days=7', { login: 'admin' });
  assert.equal(check.status, 200, check.text);
  assert.ok(check.json.items.length > 0);
  const row = check.json.items[0];
  assert.ok(row.service && typeof row.service.code === 'string', 'by default each service is checked on its own route');
  assert.equal(typeof row.fits, 'boolean');
  assert.ok(row.steps.every((s) => typeof s.group_name === 'string' && s.target_seconds > 0));
  for (const bad of ['days=0', 'days=abc', 'from=2026-13-01', 'path=1,,2', 'path=x', 'step_minutes=0']) {
    const res = await srv.request('GET', `/api/v1/agreements/feasibility?${bad}`, { login: 'admin' });
    assert.equal(res.status, 400, `${bad}: ${res.text}`);
    assert.ok(isErrorBody(res));
  }
});

test('calendars: list, one by name (percent-encoded too), .ics export with the CN days, unknown is 404', async () => {
  const list = await srv.request('GET', '/api/v1/calendars', { login: 'agentL1' });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((c) => c.name === 'cn-office'));
  const office = await srv.request('GET', '/api/v1/calendars/cn-office', { login: 'agentL1' });
  assert.equal(office.status, 200, office.text);
  assert.equal(office.json.timezone, 'Asia/Shanghai');
  assert.deepEqual(office.json.week.mon, ['09:00-12:00', '13:00-18:00']);
  assert.deepEqual(office.json.include, ['CN']);
  const exported = await srv.request('GET', '/api/v1/calendars/cn-office/ics', { login: 'agentL1' });
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-type'), /^text\/calendar/);
  assert.match(exported.text, /BEGIN:VCALENDAR/);
  assert.match(exported.text, /DTSTART;VALUE=DATE:20250128/, 'the 2025 Spring Festival from the CN set');
  const always = await srv.request('GET', '/api/v1/calendars/24x7', { login: 'agentL1' });
  assert.equal(always.status, 200);
  assert.equal((await srv.request('GET', '/api/v1/calendars/nowhere', { login: 'agentL1' })).status, 404);
  assert.equal((await srv.request('GET', '/api/v1/calendars/%E6%97%A0', { login: 'agentL1' })).status, 404);
  assert.equal((await srv.request('GET', '/api/v1/calendars/a%2Fb', { login: 'agentL1' })).status, 404);
  assert.equal((await srv.request('GET', '/api/v1/calendars', { login: 'custA' })).status, 403);
});

test('holiday import shows the dates first, saves on request, and is for managers only', async () => {
  const path = '/api/v1/calendars/service-hall/holidays';
  const headers = { 'content-type': 'text/calendar' };
  const agent = await srv.request('POST', `${path}?dry_run=true`, { login: 'agentL1', body: ics, headers });
  assert.equal(agent.status, 403);
  const dry = await srv.request('POST', `${path}?dry_run=true`, { login: 'admin', body: ics, headers });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.json.added_holidays, ['2027-03-15', '2027-03-16']);
  assert.equal(dry.json.saved, false);
  let hall = await srv.request('GET', '/api/v1/calendars/service-hall', { login: 'admin' });
  assert.ok(!hall.json.holidays.includes('2027-03-15'), 'a dry run stores nothing');

  const saved = await srv.request('POST', path, { login: 'admin', body: ics, headers });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.saved, true);
  hall = await srv.request('GET', '/api/v1/calendars/service-hall', { login: 'admin' });
  assert.ok(hall.json.holidays.includes('2027-03-15') && hall.json.holidays.includes('2027-03-16'));
  const again = await srv.request('POST', `${path}?dry_run=true`, { login: 'admin', body: ics, headers });
  assert.deepEqual(again.json.added_holidays, []);

  for (const [query, body, status] of [['?dry_run=maybe', ics, 400], ['', 'not a calendar', 400]]) {
    const res = await srv.request('POST', path + query, { login: 'admin', body, headers });
    assert.equal(res.status, status, res.text);
    assert.ok(isErrorBody(res));
  }
  const unknown = await srv.request('POST', '/api/v1/calendars/nowhere/holidays', { login: 'admin', body: ics, headers });
  assert.equal(unknown.status, 404);
});

test('a policy preview shows which deadlines would move and stores nothing', async () => {
  const created = await srv.openTicket('custA', { title: 'receipt missing' });
  const proposal = [
    'agreements:',
    '  - name: standard',
    '    kind: sla',
    '    calendar: 24x7',
    '    effective_from: 2025-01-01',
    '    targets:',
    '      - {priority: 3, first_response: 2h, next_update: 8h, resolution: 24h}',
    '',
  ].join('\n');
  const headers = { 'content-type': 'application/yaml' };
  const denied = await srv.request('POST', '/api/v1/policy/preview', { login: 'agentL1', body: proposal, headers });
  assert.equal(denied.status, 403);
  const preview = await srv.request('POST', '/api/v1/policy/preview', { login: 'admin', body: proposal, headers });
  assert.equal(preview.status, 200, preview.text);
  assert.ok(preview.json.open_tickets >= 1);
  assert.ok(preview.json.tickets_changed >= 1, preview.text);
  assert.ok(preview.json.largest.some((s) => s.ticket === created.id), preview.text);
  const still = byTarget((await ticket(created.id)).sla, 'resolution');
  assert.equal(still.calendar, 'cn-office', 'a preview changes nothing');
  const broken = await srv.request('POST', '/api/v1/policy/preview', {
    login: 'admin', body: 'agreements:\n  - name: x\n    kind: sla\n    calendar: nowhere\n    targets: [{priority: 1, resolution: 1h}]\n', headers,
  });
  assert.equal(broken.status, 400, broken.text);
  assert.match(broken.json.error.message, /line \d+/);
});

test('a changed agreement moves open tickets\' deadlines in the background, not in the request', async () => {
  const created = await srv.openTicket('custA', { title: 'statement totals wrong' });
  const before = byTarget(created.sla, 'resolution');
  assert.equal(before.target_seconds, 24 * 3600);
  const policy = [
    'agreements:',
    '  - name: standard',
    '    kind: sla',
    '    calendar: cn-office',
    '    effective_from: 2025-01-01',
    '    targets:',
    '      - {priority: 1, first_response: 15m, next_update: 1h, resolution: 4h}',
    '      - {priority: 2, first_response: 30m, next_update: 2h, resolution: 8h}',
    '      - {priority: 3, first_response: 2h, next_update: 8h, resolution: 16h}',
    '      - {priority: 4, first_response: 4h, resolution: 40h}',
    '',
  ].join('\n');
  const applied = await srv.request('POST', '/api/v1/policy', {
    login: 'admin', body: policy, headers: { 'content-type': 'application/yaml' },
  });
  assert.equal(applied.status, 200, applied.text);
  let after;
  for (let waited = 0; waited < 15000; waited += 200) {
    after = byTarget((await ticket(created.id)).sla, 'resolution');
    if (after.target_seconds === 16 * 3600) break;
    await sleep(200);
  }
  assert.equal(after.target_seconds, 16 * 3600, 'the scheduler recomputed the open ticket');
  assert.ok(Date.parse(after.due_at) < Date.parse(before.due_at), `${after.due_at} should be before ${before.due_at}`);
});
