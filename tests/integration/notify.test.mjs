// Notifications through real components: an SLA warning fires in the running server and its mail arrives at a
// real Postfix on loopback (scripts/with-mailserver.sh), while a webhook receiver in this file records the
// generic, WeCom, DingTalk and Feishu requests (verifying their signatures) and the SMS gateway's.
//
//   scripts/with-mailserver.sh tests/integration/run.sh sqlite tests/integration/notify.test.mjs
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

const HOOK_SECRET = 'hook-secret-Zq81';
const DING_SECRET = 'SECding-secret-7Hx2';
const FEISHU_SECRET = 'feishu-secret-P0w9';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Both backends' runs share one mail server: titles carry this run's nonce, and mails are matched by it.
const NONCE = `${process.pid}-${Date.now() % 100000}`;

let srv;
let receiver;
const requests = [];  // {path, query, headers, body}

/// Replies like each service does: 200 with its success JSON.
function startReceiver() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url, 'http://x');
        requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8') });
        res.setHeader('content-type', 'application/json');
        if (url.pathname === '/feishu') res.end('{"code":0,"msg":"success","data":{}}');
        else if (url.pathname === '/hook') res.end('{}');
        else res.end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/// Every mail in the Maildir: {file, headers (lower-case names, unfolded), raw}.
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
    return { file, headers, raw };
  });
}

/// RFC 2047 "B" words (UTF-8) back to text; white space between two adjacent words is dropped, other kept.
function decodeWords(value) {
  return value.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

/// The decoded text of the part with `type` in a multipart mail.
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

before(async () => {
  if (skip) return;
  receiver = await startReceiver();
  const base = `http://127.0.0.1:${receiver.address().port}`;
  srv = await startServer({ launch: false, users: [{ login: 'admin', role: 'admin' }] });
  // A fast SLA for the network service, 24x7: the first response is due 30 s after opening, warned at 10 % (3 s).
  await srv.apply(writeTemp(srv, 'fast-sla.yaml', `
agreements:
  - name: notify-fast
    kind: sla
    calendar: 24x7
    effective_from: 2020-01-01
    covers: {services: [network]}
    warn_at: [10]
    targets:
      - {priority: 1, first_response: 30s, resolution: 1h}
      - {priority: 2, first_response: 30s, resolution: 1h}
      - {priority: 3, first_response: 30s, resolution: 1h}
      - {priority: 4, first_response: 30s, resolution: 1h}
`));
  const people = [
    ['netEn', 'agent', 'en', 'net.en@example.com', 'Nina Net', '+8613800001111'],
    ['netZh', 'agent', 'zh-CN', 'net.zh@example.org', '王小明', null],
  ];
  for (const [login, role, language, email, name, phone] of people) {
    const created = await srv.cli(['admin', 'create-user', '--login', login, '--password', 'correct-horse-9',
      '--role', role, '--language', language, '--email', email, '--display-name', name, '--group', '网络运维 L2',
      ...(phone ? ['--phone', phone] : [])]);
    assert.equal(created.code, 0, created.stderr);
    srv.users.set(login, { id: Number(/created user (\d+)/.exec(created.stdout)[1]), login, password: 'correct-horse-9' });
  }
  await srv.createUser({ login: 'custA', role: 'customer', organisation: 'Acme Trading Ltd' });
  const config = writeTemp(srv, 'notify.yaml', `
timezone: Asia/Shanghai
public_url: https://desk.example.com
email:
  url: smtp://127.0.0.1:${SMTP_PORT}
  from: "服务台 <desk@example.com>"
  ${SMTP_CA ? `starttls: require\n  ca_file: ${SMTP_CA}` : 'starttls: off'}
sms:
  url: "${base}/sms?to={{phone}}"
  body: '{"to":"{{phone}}","text":"{{subject}}","id":"{{message_id}}"}'
  headers: ["X-Api-Key: sms-key-\${TEST_HOOK_SECRET}"]
  events: [sla_warning]
webhooks:
  - {name: ops, url: "${base}/hook", secret: "\${TEST_HOOK_SECRET}"}
  - {name: l2, kind: wecom, url: "${base}/wecom?key=wecom-key", groups: [网络运维 L2]}
  - {name: desk, kind: dingtalk, url: "${base}/ding?access_token=ding-token", secret: "\${TEST_DING_SECRET}"}
  - {name: lark, kind: feishu, url: "${base}/feishu", secret: "${FEISHU_SECRET}", language: en}
`);
  process.env.TEST_HOOK_SECRET = HOOK_SECRET;
  process.env.TEST_DING_SECRET = DING_SECRET;
  srv.extraArgs = ['--notify-config', config];
  srv.logLevel = 'info';
  await srv.launch();
});

after(async () => {
  await srv?.destroy();
  receiver?.close();
});

test('an SLA warning reaches the assignee by mail at the real mail server, in their language', { skip }, async () => {
  const services = await srv.request('GET', '/api/v1/services', { login: 'admin' });
  const network = services.json.items.find((s) => s.code === 'network');
  const title = `VPN 断线 <urgent> ${NONCE}`;
  const ticket = await srv.openTicket('custA', { title, service: network.id });
  const patched = await srv.request('PATCH', `/api/v1/tickets/${ticket.id}`, {
    login: 'admin', json: { assignee: srv.id('netEn') },
  });
  assert.equal(patched.status, 200, patched.text);

  const mail = await waitFor('the warning mail to net.en', () => mails().find((m) =>
    m.headers['delivered-to'] === 'net.en@example.com' && decodeWords(m.headers.subject).includes(title)));
  const subject = decodeWords(mail.headers.subject);
  assert.equal(subject, `[SLA warning] Ticket #${ticket.id}: 10% of first response used - ${title}`);
  assert.match(mail.headers.subject, /=\?UTF-8\?B\?/, 'the UTF-8 subject travels RFC 2047 encoded');
  assert.equal(mail.headers['content-language'], 'en');
  assert.match(mail.headers['message-id'], /^<[0-9a-f]{32}@example\.com>$/);
  assert.match(decodeWords(mail.headers.from), /^服务台 <desk@example\.com>$/);
  assert.match(mail.raw, /with ESMTPS/, 'STARTTLS was used');
  const text = part(mail.raw, 'text/plain');
  const html = part(mail.raw, 'text/html');
  assert.ok(text.includes(`Ticket #${ticket.id} "${title}"`), text);
  assert.ok(text.includes('https://desk.example.com/tickets/'), text);
  assert.ok(html.includes(`VPN 断线 &lt;urgent&gt; ${NONCE}`), html);
  assert.ok(!mails().some((m) => m.headers['delivered-to'] === 'net.zh@example.org' &&
    decodeWords(m.headers.subject).includes(title)), 'only the assignee is mailed');

  // The warning is on the ticket's history too (the same transaction wrote it and the outbox rows).
  const history = await srv.request('GET', `/api/v1/tickets/${ticket.id}/history`, { login: 'admin' });
  if (history.status === 200) {
    const items = history.json.items ?? history.json;
    assert.ok(items.some((e) => e.field === 'sla_warning'), history.text);
  }
});

test('an unassigned ticket warns every member of its group, each in their own language', { skip }, async () => {
  const services = await srv.request('GET', '/api/v1/services', { login: 'admin' });
  const network = services.json.items.find((s) => s.code === 'network');
  const title = `专线丢包 ${NONCE}`;
  const ticket = await srv.openTicket('custA', { title, service: network.id });
  const forTicket = (address) => (m) => m.headers['delivered-to'] === address &&
    decodeWords(m.headers.subject).includes(title) && /warning|预警/.test(decodeWords(m.headers.subject));
  const zh = await waitFor('the warning mail to net.zh', () => mails().find(forTicket('net.zh@example.org')));
  const en = await waitFor('the warning mail to net.en', () => mails().find(forTicket('net.en@example.com')));
  assert.equal(decodeWords(zh.headers.subject), `【SLA 预警】工单 #${ticket.id} 首次响应已用 10%：${title}`);
  assert.equal(zh.headers['content-language'], 'zh-CN');
  assert.ok(part(zh.raw, 'text/plain').includes('王小明，您好'));
  assert.equal(en.headers['content-language'], 'en');
  assert.notEqual(zh.headers['message-id'], en.headers['message-id'], 'one message id per recipient');
});

test('webhooks and group robots receive signed requests', { skip }, async () => {
  await waitFor('all four webhook kinds and the SMS gateway', () =>
    ['/hook', '/wecom', '/ding', '/feishu', '/sms'].every((p) => requests.some((r) => r.path === p)));

  const hook = requests.find((r) => r.path === '/hook');
  const timestamp = hook.headers['x-sladesk-timestamp'];
  const expected = 'sha256=' + createHmac('sha256', HOOK_SECRET).update(`${timestamp}.${hook.body}`).digest('hex');
  assert.equal(hook.headers['x-sladesk-signature'], expected, 'HMAC-SHA256 over timestamp.body');
  const payload = JSON.parse(hook.body);
  assert.equal(hook.headers['idempotency-key'], payload.id);
  assert.equal(payload.event, 'sla_warning');
  assert.match(payload.subject, /SLA 预警/);
  assert.equal(String(payload.data['ticket.id']), String(payload.ticket_id));

  const wecom = requests.find((r) => r.path === '/wecom');
  assert.equal(wecom.query.get('key'), 'wecom-key');
  const wecomBody = JSON.parse(wecom.body);
  assert.equal(wecomBody.msgtype, 'markdown');
  assert.match(wecomBody.markdown.content, /^\*\*【SLA 预警】/);

  const ding = requests.find((r) => r.path === '/ding');
  assert.equal(ding.query.get('access_token'), 'ding-token');
  const ts = ding.query.get('timestamp');
  assert.ok(Math.abs(Number(ts) - Date.now()) < 3600 * 1000, 'milliseconds, within the hour DingTalk allows');
  const dingSign = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
  assert.equal(ding.query.get('sign'), dingSign, 'the signed-URL scheme (URLSearchParams decoded it)');
  assert.match(ding.headers['content-type'], /application\/json/);
  const dingBody = JSON.parse(ding.body);
  assert.equal(dingBody.msgtype, 'markdown');
  assert.match(dingBody.markdown.title, /SLA 预警/);

  const feishu = requests.find((r) => r.path === '/feishu');
  const feishuBody = JSON.parse(feishu.body);
  const feishuSign = createHmac('sha256', `${feishuBody.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
  assert.equal(feishuBody.sign, feishuSign);
  assert.equal(feishuBody.msg_type, 'text');
  assert.match(feishuBody.content.text, /^\[SLA warning\]/, 'the route asked for English');

  const sms = requests.find((r) => r.path === '/sms');
  assert.equal(sms.query.get('to'), '+8613800001111', 'URL template, value URL-encoded');
  const smsBody = JSON.parse(sms.body);
  assert.equal(smsBody.to, '+8613800001111');
  assert.match(smsBody.text, /^\[SLA warning\]/, "in the person's language");
  assert.equal(smsBody.id, sms.headers['idempotency-key']);
  assert.equal(sms.headers['x-api-key'], `sms-key-${HOOK_SECRET}`);

  for (const secret of [HOOK_SECRET, DING_SECRET, FEISHU_SECRET, 'wecom-key', 'ding-token']) {
    assert.ok(!srv.log.includes(secret), `the server log must not contain ${secret}`);
  }
});
