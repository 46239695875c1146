// POST /api/v1/mail/inbound and `sladesk mailgate` without a mail server: who may post, what is refused and how
// the mailgate's exit code tells an MTA to retry (75) or return the mail (65, 77), machine-sent mail and bounces,
// the per-sender rate limit, and threading never by subject alone. The Postfix path is in mail.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BIN, run, startServer, writeTemp } from './harness.mjs';

const TOKEN = 'intake-token-8d1e2b7c44';
let srv;  // intake configured, unknown senders refused except where created
let open;  // intake configured, customers created, rate limit 3
let plain;  // no intake

const mail = (from, subject, id, body = 'hello', extra = '') =>
  `From: ${from}\r\nTo: desk@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\n${extra}` +
  `Content-Type: text/plain; charset=UTF-8\r\n\r\n${body}\r\n`;

const post = (server, body, token = TOKEN) => server.request('POST', '/api/v1/mail/inbound', {
  body, headers: { 'content-type': 'message/rfc822', ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

const mailgate = (server, input, token = TOKEN) => run(BIN, ['mailgate', '--url', server.base, '--token', token],
  { input });

before(async () => {
  const users = [{ login: 'admin', role: 'admin' }];
  srv = await startServer({ users, launch: false });
  const known = await srv.cli(['admin', 'create-user', '--login', 'known', '--password', 'correct-horse-9',
    '--role', 'customer', '--email', 'Known@Example.org']);
  assert.equal(known.code, 0, known.stderr);
  srv.extraArgs = ['--mailgate-token-file', writeTemp(srv, 'token', `${TOKEN}\n`), '--mail-unknown-senders', 'reject'];
  await srv.launch();
  open = await startServer({ users, launch: false });
  open.extraArgs = ['--mailgate-token-file', writeTemp(open, 'token', `${TOKEN}\n`), '--mail-rate-limit', '3',
    '--mail-address', 'desk@example.com'];
  await open.launch();
  plain = await startServer({ users });
});

after(async () => {
  await Promise.all([srv?.destroy(), open?.destroy(), plain?.destroy()]);
});

test('only the mailgate token is accepted, and only where the intake is configured', async () => {
  const raw = mail('known@example.org', 'x', 'auth-1@example.org');
  for (const token of [null, 'wrong-token-0000000000']) {
    const res = await post(srv, raw, token);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.json.error.code, 'unauthenticated');
  }
  const userToken = await srv.login('admin');
  assert.equal((await post(srv, raw, userToken)).status, 401, 'a user token is not the mailgate token');
  const missing = await post(plain, raw);
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'not_found');
  const gate = await mailgate(plain, raw);
  assert.equal(gate.code, 75, 'no intake yet: the MTA keeps the mail');
  const wrong = await mailgate(srv, raw, 'wrong-token-0000000000');
  assert.equal(wrong.code, 75, wrong.stderr);
  assert.ok(!wrong.stderr.includes('wrong-token'), 'the token is never printed');
});

test('bad mail is refused with a JSON reason and exit 65; an unknown sender with 403 and exit 77', async () => {
  const garbage = await post(srv, '\u0000\u0001 not a mail');
  assert.equal(garbage.status, 400);
  assert.match(garbage.json.error.message, /not an RFC 5322 message/);
  const noFrom = await mailgate(srv, 'Subject: who\r\nMessage-ID: <nf@x>\r\n\r\nbody\r\n');
  assert.equal(noFrom.code, 65);
  assert.match(noFrom.stderr, /no usable From address/);
  const stranger = await mailgate(srv, mail('stranger@example.org', 'hi', 'str-1@example.org'));
  assert.equal(stranger.code, 77);
  assert.match(stranger.stderr, /not a registered user/);
  const known = await post(srv, mail('known@example.org', 'hi', 'known-1@example.org'));
  assert.equal(known.status, 200, known.text);
  assert.equal(known.json.outcome, 'created');
  const tickets = await srv.listAll('admin');
  assert.equal(tickets.length, 1, 'nothing of the refused mail was stored');
});

test('a mail with an attachment over 10 MiB is refused (413, exit 65) naming the attachment', async () => {
  const big = 'A'.repeat(11 * 1024 * 1024);
  const raw = 'From: known@example.org\r\nSubject: big\r\nMessage-ID: <big-1@x>\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n' +
    '--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\n\r\n' +
    `${big}\r\n--b--\r\n`;
  const res = await post(srv, raw);
  assert.equal(res.status, 413, res.text);
  assert.match(res.json.error.message, /big\.bin/);
  const gate = await mailgate(srv, raw);
  assert.equal(gate.code, 65, gate.stderr);
});

test('machine-sent mail is ignored, a bounce is recorded, our own address is a loop', async () => {
  const oof = await post(open, mail('away@example.cn', 'Out of office', 'oof-1@example.cn', 'away',
    'Auto-Submitted: auto-replied\r\n'));
  assert.equal(oof.json.outcome, 'ignored');
  assert.equal(oof.json.ticket_id, null);
  assert.match(oof.json.reason, /Auto-Submitted: auto-replied/);
  const bulk = await post(open, mail('news@example.cn', 'News', 'bulk-1@example.cn', 'n', 'Precedence: bulk\r\n'));
  assert.equal(bulk.json.outcome, 'ignored');
  const loop = await post(open, mail('Desk@example.com', 'loop', 'loop-1@example.com'));
  assert.equal(loop.json.outcome, 'ignored');
  assert.match(loop.json.reason, /loop/);
  // A customer who wrote in, then a bounce for their address.
  const first = await post(open, mail('gone@example.cn', 'first', 'gone-1@example.cn'));
  assert.equal(first.json.outcome, 'created');
  const dsn = 'From: MAILER-DAEMON@mx.example.cn\r\nTo: desk@example.com\r\nSubject: Undelivered\r\n' +
    'Message-ID: <dsn-1@mx.example.cn>\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/report; report-type=delivery-status; boundary="d"\r\n\r\n' +
    '--d\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--d\r\nContent-Type: message/delivery-status\r\n\r\n' +
    'Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; gone@example.cn\r\nAction: failed\r\nStatus: 5.1.1\r\n--d--\r\n';
  const bounce = await post(open, dsn);
  assert.equal(bounce.json.outcome, 'bounce');
  assert.equal(bounce.json.reason, '5.1.1');
  const ticket = await open.request('GET', `/api/v1/tickets/${first.json.ticket_id}`, { login: 'admin' });
  assert.deepEqual(bounce.json.bounced_users, [ticket.json.customer]);
  assert.equal((await open.listAll('admin')).length, 1, 'neither noise nor bounces open tickets');
});

test('threading by tag and In-Reply-To, never by subject alone; duplicates store nothing', async () => {
  const first = await post(open, mail('li@example.cn', '打印机卡纸', 'p-1@example.cn', '三楼打印机卡纸'));
  const id = first.json.ticket_id;
  const tagged = await post(open, mail('li@example.cn', `回复：[#${id}] 打印机卡纸`, 'p-2@example.cn', '还是不行'));
  assert.equal(tagged.json.outcome, 'appended');
  assert.equal(tagged.json.ticket_id, id);
  const again = await post(open, mail('li@example.cn', `回复：[#${id}] 打印机卡纸`, 'p-2@example.cn', '还是不行'));
  assert.equal(again.json.duplicate, true);
  const sameSubject = await post(open, mail('li@example.cn', '打印机卡纸', 'p-3@example.cn', '另一台也卡纸'));
  assert.equal(sameSubject.json.outcome, 'created');
  assert.notEqual(sameSubject.json.ticket_id, id);
  const view = await open.request('GET', `/api/v1/tickets/${id}`, { login: 'admin' });
  assert.deepEqual(view.json.articles.map((a) => a.body), ['三楼打印机卡纸', '还是不行']);
});

test('the sender rate limit answers 429 and the mailgate asks the MTA to retry later (75)', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await post(open, mail('flood@example.org', `n${i}`, `flood-${i}@example.org`));
    assert.equal(res.status, 200, res.text);
  }
  const over = await post(open, mail('flood@example.org', 'n3', 'flood-3@example.org'));
  assert.equal(over.status, 429);
  assert.equal(over.json.error.code, 'rate_limited');
  const gate = await mailgate(open, mail('flood@example.org', 'n4', 'flood-4@example.org'));
  assert.equal(gate.code, 75, gate.stderr);
  const other = await post(open, mail('calm@example.org', 'n', 'calm-1@example.org'));
  assert.equal(other.status, 200, 'the limit is per sender');
});
