// Per-person notification preferences through the API: GET/PUT /api/v1/users/me/notification-preferences for
// everyone, /api/v1/users/{id}/notification-preferences for the user themselves or an admin; bad input is a 4xx
// JSON error. (That the dispatcher honours them is covered by the unit tests with a simulated clock.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isErrorBody, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.destroy(); });

const ME = '/api/v1/users/me/notification-preferences';
const put = (login, path, json) => srv.request('PUT', path, { login, json });

test('the defaults, then a person sets and reads their own preferences', async () => {
  const fresh = await srv.request('GET', ME, { login: 'agentNet' });
  assert.equal(fresh.status, 200, fresh.text);
  assert.deepEqual(fresh.json, { events: [], channels: [], calendar: null });

  const wanted = { events: ['sla_breach', 'escalation'], channels: ['email'], calendar: 'cn-office' };
  const saved = await put('agentNet', ME, wanted);
  assert.equal(saved.status, 200, saved.text);
  assert.deepEqual(saved.json, wanted);
  assert.deepEqual((await srv.request('GET', ME, { login: 'agentNet' })).json, wanted);
  // The same document under the user's id; null calendar clears the hours.
  const byId = `/api/v1/users/${srv.id('agentNet')}/notification-preferences`;
  assert.deepEqual((await srv.request('GET', byId, { login: 'agentNet' })).json, wanted);
  const cleared = await put('agentNet', byId, { events: ['escalation'], calendar: null });
  assert.equal(cleared.status, 200, cleared.text);
  assert.deepEqual(cleared.json, { events: ['escalation'], channels: [], calendar: null });
});

test("only the person or an admin reads or changes someone's preferences", async () => {
  const path = `/api/v1/users/${srv.id('agentL1')}/notification-preferences`;
  for (const login of ['agentL2', 'super', 'custA']) {
    const read = await srv.request('GET', path, { login });
    assert.equal(read.status, 403, `${login}: ${read.text}`);
    assert.ok(isErrorBody(read));
    assert.equal((await put(login, path, { events: [] })).status, 403, login);
  }
  const byAdmin = await put('admin', path, { channels: ['sms'] });
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.deepEqual((await srv.request('GET', ME, { login: 'agentL1' })).json.channels, ['sms']);
  assert.equal((await srv.request('GET', '/api/v1/users/999999/notification-preferences', { login: 'admin' })).status,
    404);
  assert.equal((await srv.request('GET', ME)).status, 401);
});

test('bad input is a 400 JSON error naming the problem, and changes nothing', async () => {
  const before = (await srv.request('GET', ME, { login: 'agentL2' })).json;
  const cases = [
    [{ events: ['coffee'] }, /coffee/],
    [{ channels: ['email', 'email'] }, /twice/],
    [{ calendar: 'moon-base' }, /moon-base/],
    [{ calendar: 7 }, /calendar/],
    [{ events: 'sla_breach' }, /events/],
    [{ colour: 'blue' }, /colour/],
  ];
  for (const [body, message] of cases) {
    const res = await put('agentL2', ME, body);
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    assert.ok(isErrorBody(res), res.text);
    assert.match(res.json.error.message, message);
  }
  const notJson = await srv.request('PUT', ME, { login: 'agentL2', body: '{"events": [', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.ok(isErrorBody(notJson));
  assert.deepEqual((await srv.request('GET', ME, { login: 'agentL2' })).json, before);
});
