// Crash safety of notifications: SLA warnings fire for a burst of tickets and their signed webhook messages are
// being delivered (the receiver answers slowly) when the server gets SIGKILL. After a restart on the same data
// every warning has been delivered at least once, and every id that arrived more than once arrived with the same
// body (the outbox fixed the content at enqueue time; the stable id lets the receiver drop the repeat).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startServer, writeTemp } from './harness.mjs';

const TICKETS = 24;
const REPLY_DELAY_MS = 1000;  // 8 delivery threads x 1 s: the burst takes ~3 s, the kill lands inside it
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
let receiver;
const received = [];  // {key, body}

before(async () => {
  receiver = await new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push({ key: req.headers['idempotency-key'], body: Buffer.concat(chunks).toString('utf8') });
        setTimeout(() => res.end('{}'), REPLY_DELAY_MS);
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  srv = await startServer({ launch: false, users: [
    { login: 'admin', role: 'admin' },
    { login: 'k9cust', role: 'customer', organisation: 'Acme Trading Ltd' },
  ] });
  await srv.apply(writeTemp(srv, 'fast-sla.yaml', `
agreements:
  - name: crash-fast
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
  const config = writeTemp(srv, 'notify.yaml', `
webhooks:
  - {name: crash, url: "http://127.0.0.1:${receiver.address().port}/hook", secret: crash-secret, events: [sla_warning]}
`);
  // A short lease, so that messages the killed process had claimed are retried soon after the restart.
  srv.extraArgs = ['--notify-config', config, '--notify-lease', '3'];
  await srv.launch();
});

after(async () => {
  await srv?.destroy();
  receiver?.closeAllConnections?.();
  receiver?.close();
});

async function warned(id) {
  const res = await srv.request('GET', `/api/v1/tickets/${id}/history`, { login: 'admin' });
  if (res.status !== 200) return false;
  const items = Array.isArray(res.json) ? res.json : res.json.items;
  return items.some((e) => e.field === 'sla_warning');
}

test('kill -9 while warnings are delivered: each arrives at least once, never with different content', async () => {
  const services = await srv.request('GET', '/api/v1/services', { login: 'admin' });
  const network = services.json.items.find((s) => s.code === 'network');
  const ids = [];
  for (let i = 0; i < TICKETS; i++) {
    ids.push((await srv.openTicket('k9cust', { title: `crash test ${i}`, service: network.id })).id);
  }
  // Kill once every warning is recorded (and so its outbox row committed with it) while deliveries are under way.
  const deadline = Date.now() + 30000;
  for (;;) {
    const done = await Promise.all(ids.map(warned));
    if (done.every(Boolean) && received.length > 0) break;
    assert.ok(Date.now() < deadline, `warnings did not fire in time:\n${srv.log}`);
    await sleep(100);
  }
  await srv.kill9();
  const beforeRestart = received.length;
  await srv.launch();

  const byTicket = new Map();
  const until = Date.now() + 45000;
  for (;;) {
    byTicket.clear();
    for (const { body } of received) {
      const payload = JSON.parse(body);
      byTicket.set(payload.ticket_id, payload);
    }
    if (ids.every((id) => byTicket.has(id))) break;
    assert.ok(Date.now() < until,
      `only ${byTicket.size} of ${TICKETS} warnings delivered after the restart:\n${srv.log}`);
    await sleep(200);
  }
  // Messages the killed process had claimed come again once their lease (3 s) ends: give them time to arrive.
  await sleep(5000);
  const bodies = new Map();
  for (const { key, body } of received) {
    assert.ok(key, 'every request carries its Idempotency-Key');
    if (bodies.has(key)) assert.equal(body, bodies.get(key), `id ${key} was delivered with different content`);
    else bodies.set(key, body);
    assert.equal(JSON.parse(body).id, key);
  }
  assert.equal(bodies.size, TICKETS, 'one message id per ticket');
  for (const id of ids) assert.match(byTicket.get(id).subject, new RegExp(`#${id}\\b`));
  // For the record: requests seen before the kill, and repeats (delivered, but not marked sent before the kill).
  console.log(`notify kill9: ${beforeRestart} requests before the kill, ${received.length} in all, ` +
    `${received.length - bodies.size} repeated`);
});
