// Escalation notifications through real components: a ladder step falls due in the running server and its mails
// arrive at a real Postfix on loopback (scripts/with-mailserver.sh) — to every supervisor, to the on-call person of
// a group as the duty roster names them, and to the customer's account manager, each in their own language with
// the ladder's subject and a stable Message-ID; a signed webhook gets the step too.
//
//   scripts/with-mailserver.sh tests/integration/run.sh sqlite tests/integration/escalation_notify.test.mjs
//
// Without SLADESK_TEST_SMTP_PORT (no mail server) the file is skipped.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startServer, writeTemp } from './harness.mjs';

const SMTP_PORT = process.env.SLADESK_TEST_SMTP_PORT;
const MAILDIR = process.env.SLADESK_TEST_MAILDIR;
const SMTP_CA = process.env.SLADESK_TEST_SMTP_CA;
const skip = SMTP_PORT ? false : 'no mail server (run under scripts/with-mailserver.sh)';
const HOOK_SECRET = 'esc-hook-secret-4Kq';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Both backends' runs (and notify.test.mjs) share one mail server: titles carry this run's nonce.
const NONCE = `esc-${process.pid}-${Date.now() % 100000}`;

let srv;
let receiver;
let escalated;  // the ticket of the first test
const hooks = [];  // {headers, body}

function startReceiver() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/// Every mail in the Maildir: {headers (lower-case names, unfolded), raw}.
function mails() {
  if (!MAILDIR || !existsSync(`${MAILDIR}/new`)) return [];
  return readdirSync(`${MAILDIR}/new`).map((file) => {
    const raw = readFileSync(`${MAILDIR}/new/${file}`, 'utf8').replace(/\r\n/g, '\n');
    const head = raw.slice(0, raw.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
    const headers = {};
    for (const line of head.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).toLowerCase()] ??= line.slice(colon + 1).trim();
    }
    return { headers, raw };
  });
}

function decodeWords(value) {
  return value.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

function part(raw, type) {
  const boundary = /boundary="([^"]+)"/.exec(raw)[1];
  for (const chunk of raw.split(`--${boundary}`)) {
    if (!chunk.includes(`Content-Type: ${type}`)) continue;
    const body = chunk.slice(chunk.indexOf('\n\n') + 2).replace(/\s+/g, '');
    return Buffer.from(body, 'base64').toString('utf8');
  }
  return null;
}

async function waitFor(what, predicate, timeoutMs = 90000) {  // generous: CI runs the sanitizer build
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${srv?.log ?? ''}`);
    await sleep(200);
  }
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

before(async () => {
  if (skip) return;
  receiver = await startReceiver();
  srv = await startServer({ launch: false, users: [{ login: 'admin', role: 'admin' }] });
  const people = [
    ['supEn', 'supervisor', 'en', 'sup.en@example.com', 'Sam Super', null],
    ['supZh', 'supervisor', 'zh-CN', 'sup.zh@example.org', '赵主管', null],
    ['onA', 'agent', 'en', 'on.a@example.com', 'Ann Oncall', '网络运维 L2'],
    ['onB', 'agent', 'zh-CN', 'on.b@example.org', '钱值班', '网络运维 L2'],
    ['am', 'agent', 'en', 'am@example.com', 'Max Manager', null],
  ];
  for (const [login, role, language, email, name, group] of people) {
    const created = await srv.cli(['admin', 'create-user', '--login', login, '--password', 'correct-horse-9',
      '--role', role, '--language', language, '--email', email, '--display-name', name,
      ...(group ? ['--group', group] : [])]);
    assert.equal(created.code, 0, created.stderr);
    srv.users.set(login, { id: Number(/created user (\d+)/.exec(created.stdout)[1]), login, password: 'correct-horse-9' });
  }
  // A fast SLA (24x7) for the network service and a ladder whose first step falls due 5 s after opening. The
  // roster rotates onA and onB daily, but onB covers today by an override: the step must page onB, never onA.
  const now = Date.now();
  await srv.apply(writeTemp(srv, 'escalation.yaml', `
agreements:
  - name: escalation-fast
    kind: sla
    calendar: 24x7
    effective_from: 2020-01-01
    covers: {services: [network]}
    targets:
      - {priority: 1, first_response: 1h, resolution: 4h}
      - {priority: 2, first_response: 1h, resolution: 4h}
      - {priority: 3, first_response: 1h, resolution: 4h}
      - {priority: 4, first_response: 1h, resolution: 4h}
duty_rosters:
  - name: network-daily
    group: 网络运维 L2
    people: [onA, onB]
    rotation_days: 1
    handover: {time: "00:00"}
    timezone: UTC
    start: 2020-01-01
    overrides:
      - {login: onB, from: "${iso(now - 86400000)}", to: "${iso(now + 86400000)}"}
escalation_ladders:
  - name: network-fast
    covers: {services: [network]}
    steps:
      - {name: 5s-director, after: 5s, notify_role: supervisor, notify_on_call: 网络运维 L2, notify_account_manager: true}
`));
  const config = writeTemp(srv, 'notify.yaml', `
timezone: Asia/Shanghai
public_url: https://desk.example.com
email:
  url: smtp://127.0.0.1:${SMTP_PORT}
  from: "服务台 <desk@example.com>"
  events: [escalation]
  ${SMTP_CA ? `starttls: require\n  ca_file: ${SMTP_CA}` : 'starttls: off'}
webhooks:
  - {name: ops, url: "http://127.0.0.1:${receiver.address().port}/hook", secret: "${HOOK_SECRET}", events: [escalation], language: en}
`);
  srv.extraArgs = ['--notify-config', config];
  srv.logLevel = 'info';
  await srv.launch();
  // A customer whose account manager is `am` (set through the API, as an admin would).
  const customer = await srv.request('POST', '/api/v1/users', {
    login: 'admin',
    json: { login: 'custE', password: 'correct-horse-9', role: 'customer', display_name: '孙客户',
      organisation: 'Acme Trading Ltd', account_manager: srv.id('am'), email: 'cust.e@example.com' },
  });
  assert.equal(customer.status, 201, customer.text);
  srv.users.set('custE', { id: customer.json.id, login: 'custE', password: 'correct-horse-9' });
});

after(async () => {
  await srv?.destroy();
  receiver?.close();
});

test('a ladder step mails the supervisors, the on-call person and the account manager at the real mail server',
  { skip }, async () => {
    const services = await srv.request('GET', '/api/v1/services', { login: 'admin' });
    const network = services.json.items.find((s) => s.code === 'network');
    const title = `核心交换机宕机 <P1> ${NONCE}`;
    const ticket = await srv.openTicket('custE', { title, service: network.id });
    escalated = ticket;

    const forTicket = (address) => (m) => m.headers['delivered-to'] === address &&
      decodeWords(m.headers.subject).includes(title);
    const supEn = await waitFor('the escalation mail to sup.en', () => mails().find(forTicket('sup.en@example.com')));
    const supZh = await waitFor('the escalation mail to sup.zh', () => mails().find(forTicket('sup.zh@example.org')));
    const onB = await waitFor('the escalation mail to on.b', () => mails().find(forTicket('on.b@example.org')));
    const am = await waitFor('the escalation mail to am', () => mails().find(forTicket('am@example.com')));

    assert.equal(decodeWords(supEn.headers.subject),
      `[Escalation] Ticket #${ticket.id}: 5s-director (5s of working time since opening) - ${title}`);
    assert.equal(supEn.headers['content-language'], 'en');
    assert.equal(decodeWords(supZh.headers.subject),
      `【升级】工单 #${ticket.id} 5s-director（受理后已过 5s 工作时间）：${title}`);
    assert.equal(supZh.headers['content-language'], 'zh-CN');
    assert.equal(onB.headers['content-language'], 'zh-CN');
    assert.ok(part(onB.raw, 'text/plain').includes('通知您的原因：「网络运维 L2」的值班人员。'), part(onB.raw, 'text/plain'));
    assert.ok(part(am.raw, 'text/plain').includes("You are told as the customer's account manager."));
    assert.ok(part(supEn.raw, 'text/plain').includes('Customer: 孙客户 (Acme Trading Ltd)'));
    assert.ok(part(supEn.raw, 'text/html').includes(`核心交换机宕机 &lt;P1&gt; ${NONCE}`), 'HTML-escaped title');
    assert.match(supEn.raw, /with ESMTPS/, 'STARTTLS was used');
    const ids = [supEn, supZh, onB, am].map((m) => m.headers['message-id']);
    for (const id of ids) assert.match(id, /^<[0-9a-f]{32}@example\.com>$/);
    assert.equal(new Set(ids).size, 4, 'one stable message id per recipient');

    // The webhook got the step once, signed.
    const hook = await waitFor('the escalation webhook', () =>
      hooks.find((h) => JSON.parse(h.body).ticket_id === ticket.id));
    const expected = 'sha256=' + createHmac('sha256', HOOK_SECRET)
      .update(`${hook.headers['x-sladesk-timestamp']}.${hook.body}`).digest('hex');
    assert.equal(hook.headers['x-sladesk-signature'], expected);
    const payload = JSON.parse(hook.body);
    assert.equal(payload.event, 'escalation');
    assert.equal(payload.data['escalation.step'], '5s-director');
    assert.equal(hook.headers['idempotency-key'], payload.id);

    // Nobody else: not onA (the roster's override puts onB on call), not the customer; and nothing twice, even
    // after further scheduler rounds.
    await sleep(3000);
    const all = mails().filter((m) => decodeWords(m.headers.subject ?? '').includes(title));
    assert.deepEqual(all.map((m) => m.headers['delivered-to']).sort(),
      ['am@example.com', 'on.b@example.org', 'sup.en@example.com', 'sup.zh@example.org']);
    assert.equal(hooks.filter((h) => JSON.parse(h.body).ticket_id === ticket.id).length, 1);

    // The step and whom it told are on the ticket's history.
    const history = await srv.request('GET', `/api/v1/tickets/${ticket.id}/history`, { login: 'admin' });
    assert.equal(history.status, 200, history.text);
    const items = history.json.items ?? history.json;
    assert.ok(items.some((e) => e.field === 'escalation' && e.new === 'network-fast/5s-director'), history.text);
    assert.ok(items.some((e) => e.field === 'escalation_notify' &&
      e.new === `network-fast/5s-director notify_on_call user ${srv.id('onB')}`), history.text);
  });

test('staff read the duty rosters and escalation ladders through the policy API; customers do not', { skip },
  async () => {
    const policy = await srv.request('GET', '/api/v1/policy', { login: 'admin' });
    assert.equal(policy.status, 200, policy.text);
    const roster = policy.json.duty_rosters.find((r) => r.name === 'network-daily');
    assert.deepEqual(roster.people, [srv.id('onA'), srv.id('onB')]);
    assert.equal(roster.rotation_days, 1);
    assert.deepEqual(roster.handover, { weekday: null, time: '00:00' });
    assert.equal(roster.overrides[0].person, srv.id('onB'));
    const ladder = policy.json.escalation_ladders.find((l) => l.name === 'network-fast');
    assert.deepEqual(ladder.steps[0].trigger, { kind: 'working_time', after_seconds: 5 });
    assert.deepEqual(ladder.steps[0].actions.map((a) => a.kind),
      ['notify_role', 'notify_on_call', 'notify_account_manager']);
    assert.equal(ladder.steps[0].actions[0].role, 'supervisor');
    assert.equal(ladder.steps[0].actions[1].group, roster.group);

    const asCustomer = await srv.request('GET', '/api/v1/policy', { login: 'custE' });
    assert.equal(asCustomer.status, 200, asCustomer.text);
    assert.equal(asCustomer.json.duty_rosters, undefined);
    assert.equal(asCustomer.json.escalation_ladders, undefined);
  });

test('admins see the channels, the messages and their delivery attempts; nobody else does', { skip }, async () => {
  assert.ok(escalated, 'needs the first test');
  const channels = await srv.request('GET', '/api/v1/notifications/channels', { login: 'admin' });
  assert.equal(channels.status, 200, channels.text);
  const byName = Object.fromEntries(channels.json.items.map((c) => [c.name, c]));
  assert.deepEqual(byName.email.events, ['escalation']);
  assert.equal(byName.email.kind, 'email');
  assert.equal(byName['webhook:ops'].kind, 'webhook');
  assert.ok(byName.email.messages.sent >= 4, channels.text);
  assert.ok(!channels.text.includes(HOOK_SECRET) && !channels.text.includes('127.0.0.1'), 'no URL or secret');

  const outbox = await srv.request('GET', `/api/v1/notifications/outbox?ticket=${escalated.id}&limit=50`,
    { login: 'admin' });
  assert.equal(outbox.status, 200, outbox.text);
  assert.deepEqual(outbox.json.items.map((m) => m.recipient).sort(),
    ['am@example.com', 'on.b@example.org', 'ops', 'sup.en@example.com', 'sup.zh@example.org']);
  for (const message of outbox.json.items) {
    assert.equal(message.event, 'escalation');
    assert.equal(message.state, 'sent', JSON.stringify(message));
    assert.match(message.message_id, /^[0-9a-f]{32}$/);
  }
  const mail = outbox.json.items.find((m) => m.recipient === 'sup.en@example.com');
  const attempts = await srv.request('GET', `/api/v1/notifications/outbox/${mail.id}/attempts`, { login: 'admin' });
  assert.equal(attempts.status, 200, attempts.text);
  assert.equal(attempts.json.items.length, 1);
  assert.equal(attempts.json.items[0].outcome, 'sent');
  assert.equal(attempts.json.items[0].response_code, 250, 'the SMTP reply to the end of data');

  // Only dead messages go back to the queue; unknown ids are 404; bad filters 400; non-admins 403.
  const requeue = await srv.request('POST', `/api/v1/notifications/outbox/${mail.id}/requeue`, { login: 'admin' });
  assert.equal(requeue.status, 404, requeue.text);
  assert.equal((await srv.request('GET', '/api/v1/notifications/outbox/999999/attempts', { login: 'admin' })).status,
    404);
  const bad = await srv.request('GET', '/api/v1/notifications/outbox?state=lost', { login: 'admin' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_argument');
  for (const login of ['supEn', 'onA', 'custE']) {
    assert.equal((await srv.request('GET', '/api/v1/notifications/channels', { login })).status, 403, login);
    assert.equal((await srv.request('GET', '/api/v1/notifications/outbox', { login })).status, 403, login);
  }
});
