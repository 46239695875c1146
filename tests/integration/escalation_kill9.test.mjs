// Crash safety of escalations: a burst of tickets whose ladder step falls due 3 s after opening; the server gets
// SIGKILL as soon as the first step's webhook message is being delivered (the receiver answers slowly), so some
// steps are still due jobs, some are outbox rows and some are in flight. After a restart on the same data every
// step has been taken once and delivered at least once, and every id that arrived more than once arrived with
// the same body.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startServer, writeTemp } from './harness.mjs';

const TICKETS = 20;
const REPLY_DELAY_MS = 1000;
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
    { login: 'e9cust', role: 'customer', organisation: 'Acme Trading Ltd' },
  ] });
  await srv.apply(writeTemp(srv, 'escalation.yaml', `
agreements:
  - name: crash-escalation
    kind: sla
    calendar: 24x7
    effective_from: 2020-01-01
    covers: {services: [network]}
    targets:
      - {priority: 1, first_response: 1h, resolution: 4h}
      - {priority: 2, first_response: 1h, resolution: 4h}
      - {priority: 3, first_response: 1h, resolution: 4h}
      - {priority: 4, first_response: 1h, resolution: 4h}
escalation_ladders:
  - name: crash-ladder
    covers: {services: [network]}
    steps:
      - {name: 3s, after: 3s, notify_role: supervisor}
`));
  const config = writeTemp(srv, 'notify.yaml', `
webhooks:
  - {name: crash, url: "http://127.0.0.1:${receiver.address().port}/hook", secret: crash-secret, events: [escalation]}
`);
  srv.extraArgs = ['--notify-config', config, '--notify-lease', '3'];
  await srv.launch();
});

after(async () => {
  await srv?.destroy();
  receiver?.closeAllConnections?.();
  receiver?.close();
});

async function steps(id) {
  const res = await srv.request('GET', `/api/v1/tickets/${id}/history`, { login: 'admin' });
  assert.equal(res.status, 200, res.text);
  return res.json.items.filter((e) => e.field === 'escalation').map((e) => e.new);
}

test('kill -9 while escalations fire and are delivered: each step taken once, delivered at least once, same content',
  async () => {
    const services = await srv.request('GET', '/api/v1/services', { login: 'admin' });
    const network = services.json.items.find((s) => s.code === 'network');
    const ids = [];
    for (let i = 0; i < TICKETS; i++) {
      ids.push((await srv.openTicket('e9cust', { title: `escalation crash ${i}`, service: network.id })).id);
    }
    const deadline = Date.now() + 30000;
    while (received.length === 0) {
      assert.ok(Date.now() < deadline, `no escalation was delivered in time:\n${srv.log}`);
      await sleep(50);
    }
    await srv.kill9();
    const beforeRestart = received.length;
    await srv.launch();

    const byTicket = new Map();
    const until = Date.now() + 60000;
    for (;;) {
      byTicket.clear();
      for (const { body } of received) {
        const payload = JSON.parse(body);
        byTicket.set(payload.ticket_id, payload);
      }
      if (ids.every((id) => byTicket.has(id))) break;
      assert.ok(Date.now() < until,
        `only ${byTicket.size} of ${TICKETS} escalations delivered after the restart:\n${srv.log}`);
      await sleep(200);
    }
    await sleep(5000);  // messages the killed process had claimed come again once their 3 s lease ends
    const bodies = new Map();
    for (const { key, body } of received) {
      assert.ok(key, 'every request carries its Idempotency-Key');
      if (bodies.has(key)) assert.equal(body, bodies.get(key), `id ${key} was delivered with different content`);
      else bodies.set(key, body);
      const payload = JSON.parse(body);
      assert.equal(payload.id, key);
      assert.equal(payload.event, 'escalation');
      assert.equal(payload.data['escalation.step'], '3s');
    }
    assert.equal(bodies.size, TICKETS, 'one message id per ticket');
    for (const id of ids) assert.deepEqual(await steps(id), ['crash-ladder/3s'], `ticket ${id} took its step once`);
    console.log(`escalation kill9: ${beforeRestart} requests before the kill, ${received.length} in all, ` +
      `${received.length - bodies.size} repeated`);
  });
