// Durability: `kill -9` under load loses no acknowledged write.
//
// Eight clients create tickets as fast as they can; every 201 is recorded with the exact title and description
// sent. About 1.5 s into the load the server gets SIGKILL; it is restarted on the same data (SQLite file or
// PostgreSQL database, whichever SLADESK_TEST_BACKEND selects) and every acknowledged ticket must be there,
// unchanged. Two rounds, so that recovery after a crash is itself crashed once more.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { mapLimit, startServer } from './harness.mjs';

const CLIENTS = 8;
const LOAD_MS = 1500;
const CUSTOMERS = ['k9c0', 'k9c1', 'k9c2', 'k9c3'];

let srv;
before(async () => {
  srv = await startServer({
    users: [
      { login: 'admin', role: 'admin' },
      { login: 'k9agent', role: 'agent' },
      ...CUSTOMERS.map((login) => ({ login, role: 'customer', organisation: 'Acme Trading Ltd' })),
    ],
  });
});
after(async () => { await srv?.destroy(); });

/// Runs the clients until the server dies; resolves the acknowledged tickets.
async function loadUntilKilled(round) {
  const tokens = {};
  for (const login of [...CUSTOMERS, 'k9agent']) tokens[login] = await srv.login(login, { fresh: true });
  const acked = [];
  let failures = 0;
  let stop = false;
  let firstAck;
  const firstAckSeen = new Promise((r) => { firstAck = r; });

  const client = async (n) => {
    // Half the clients are customers opening their own tickets, half an agent opening them for customers.
    const login = n % 2 ? 'k9agent' : CUSTOMERS[n % CUSTOMERS.length];
    for (let seq = 0; !stop; seq++) {
      const customer = srv.id(CUSTOMERS[(n + seq) % CUSTOMERS.length]);
      const title = `k9 r${round} c${n} #${seq} 断电测试`;
      const description = `崩溃一致性 ${randomBytes(12).toString('hex')} ${'正文'.repeat(seq % 7)}`;
      const json = { title, description, ...(login === 'k9agent' ? { customer } : {}) };
      try {
        const res = await fetch(`${srv.base}/api/v1/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[login]}`, 'content-type': 'application/json' },
          body: JSON.stringify(json),
          signal: AbortSignal.timeout(10000),
        });
        const text = await res.text();
        if (res.status === 201) {
          const body = JSON.parse(text);
          acked.push({ id: body.id, title, description, customer: login === 'k9agent' ? customer : srv.id(login) });
          firstAck();
        } else {
          throw new Error(`unexpected ${res.status} ${text}`);
        }
      } catch (e) {
        if (e.message.startsWith('unexpected')) throw e;
        failures++;
        return; // the server is gone (connection refused/reset): this client is done
      }
    }
  };

  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
  await firstAckSeen;
  await new Promise((r) => setTimeout(r, LOAD_MS));
  await srv.kill9();
  stop = true;
  await Promise.all(clients);
  return { acked, failures };
}

async function verify(acked) {
  const ids = acked.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, 'every acknowledgement names a different ticket');
  const missing = [];
  const wrong = [];
  await mapLimit(acked, 16, async (a) => {
    const res = await srv.request('GET', `/api/v1/tickets/${a.id}`, { login: 'admin' });
    if (res.status !== 200) {
      missing.push(`${a.id}: ${res.status}`);
      return;
    }
    const t = res.json;
    if (t.title !== a.title || t.customer !== a.customer || t.articles?.[0]?.body !== a.description) {
      wrong.push(`${a.id}: ${JSON.stringify({ title: t.title, customer: t.customer, body: t.articles?.[0]?.body })}`
        + ` != ${JSON.stringify(a)}`);
    }
  });
  assert.deepEqual(missing, [], `acknowledged tickets lost after kill -9 (${missing.length} of ${acked.length})`);
  assert.deepEqual(wrong, [], 'acknowledged tickets changed after kill -9');
}

test('kill -9 under load loses no acknowledged ticket (two crash rounds)', { timeout: 120000 }, async () => {
  const all = [];
  for (const round of [1, 2]) {
    const { acked, failures } = await loadUntilKilled(round);
    assert.ok(acked.length > 0, `round ${round}: some tickets were acknowledged`);
    assert.ok(failures > 0, `round ${round}: clients saw the server die`);
    all.push(...acked);
    await srv.launch(); // same data directory / database, new process
    await verify(all);
    // The store is still writable and numbering goes on after the highest acknowledged id.
    const fresh = await srv.openTicket('k9c0', { title: `after crash ${round}` });
    assert.ok(fresh.id > Math.max(...all.map((a) => a.id)), 'new ids do not reuse acknowledged ones');
    const metrics = await srv.request('GET', '/metrics');
    assert.equal(metrics.status, 200);
    process.stderr.write(`kill9 round ${round}: ${acked.length} tickets acknowledged before SIGKILL, all present\n`);
  }
});
