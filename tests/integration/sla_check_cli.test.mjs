// `sladesk sla check`: OLA/UC chains against SLA targets, from policy files alone (-f) and from the stored policy
// (--data/--database). Exit codes: 0 all fit, 1 some do not, 2 bad input. No server is started.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, REPO, run, startServer, writeTemp } from './harness.mjs';

const EXAMPLE = join(REPO, 'examples/policy.yaml');
const FROM = ['--from', '2025-03-03', '--days', '7'];

let srv;  // a data dir (or PostgreSQL database) with examples/policy.yaml applied
before(async () => { srv = await startServer({ users: [], launch: false }); });
after(async () => { await srv?.destroy(); });

const check = (args) => run(BIN, ['sla', 'check', ...args]);

// A small policy whose chain (desk 30m then L2 3h, both in office hours) cannot meet a 3h SLA but meets a 4h one.
const SMALL = (resolution) => [
  'groups:',
  '  - {name: desk, kind: desk}',
  '  - {name: l2, kind: team}',
  'calendars:',
  '  - name: office',
  '    timezone: Asia/Shanghai',
  '    week: {mon: ["09:00-12:00", "13:00-18:00"], tue: ["09:00-12:00", "13:00-18:00"],',
  '           wed: ["09:00-12:00", "13:00-18:00"], thu: ["09:00-12:00", "13:00-18:00"],',
  '           fri: ["09:00-12:00", "13:00-18:00"]}',
  'agreements:',
  `  - {name: gold, kind: sla, calendar: office, targets: [{priority: 1, resolution: ${resolution}}]}`,
  '  - {name: desk, kind: ola, group: desk, calendar: office, targets: [{priority: 1, resolution: 30m}]}',
  '  - {name: l2, kind: ola, group: l2, calendar: office, targets: [{priority: 1, resolution: 3h}]}',
  '',
].join('\n');

test('the example policy: one realistic finding (enterprise P1 on payments), exit 1', async () => {
  const res = await check(['-f', EXAMPLE, ...FROM]);
  assert.equal(res.code, 1, res.stderr);
  const short = res.stdout.split('\n').filter((line) => line.includes('SHORT by'));
  assert.equal(short.length, 1, res.stdout);
  assert.match(short[0], /^ {2}enterprise v1 \| P1 \| - \| resolution 3h in cn-office \| 服务台 L1: 15m in 24x7 -> 应用支持 L2: 1h30m in cn-office -> 支付通道供应商: 2h in 24x7 \| SHORT by 45m \| worst start 2025-03-\d\d \d\d:\d\d \w{3} \+08:00$/);
  assert.match(res.stdout, /^tickets of service payments:$/m);
  assert.match(res.stdout, /^tickets of service network:$/m);
  // Network tickets never reach the payment supplier: the route is per service.
  const network = res.stdout.split('tickets of service network:')[1].split(/^tickets of/m)[0];
  assert.ok(!network.includes('支付通道供应商'), network);
  assert.match(res.stdout, /^\d+ checked, \d+ fit, 1 short \(starts every 15m over 7 days from 2025-03-03\)$/m);
});

test('--path checks one route; a chain that fits exits 0', async () => {
  const fits = await check(['-f', EXAMPLE, ...FROM, '--path', '服务台 L1, 网络运维 L2']);
  assert.equal(fits.code, 0, fits.stdout + fits.stderr);
  assert.match(fits.stdout, /^path 服务台 L1 -> 网络运维 L2:$/m);
  assert.ok(!fits.stdout.includes('SHORT'), fits.stdout);
  const tight = await check(['-f', EXAMPLE, ...FROM, '--path', '服务台 L1,应用支持 L2,支付通道供应商']);
  assert.equal(tight.code, 1, tight.stdout + tight.stderr);
});

test('short by the working time missing, in the SLA calendar', async () => {
  const three = writeTemp(srv, 'three.yaml', SMALL('3h'));
  const res = await check(['-f', three, ...FROM]);
  assert.equal(res.code, 1, res.stdout + res.stderr);
  assert.match(res.stdout, /gold v1 \| P1 \| - \| resolution 3h in office \| desk: 30m in office -> l2: 3h in office \| SHORT by 30m \|/);
  const four = writeTemp(srv, 'four.yaml', SMALL('4h'));
  const ok = await check(['-f', four, ...FROM]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /fits, 30m to spare/);
});

test('--json: the API rows per check, with the sampling and the verdict', async () => {
  const res = await check(['-f', EXAMPLE, ...FROM, '--json']);
  assert.equal(res.code, 1, res.stderr);
  const doc = JSON.parse(res.stdout);
  assert.equal(doc.from, '2025-03-03T00:00:00Z');
  assert.equal(doc.days, 7);
  assert.equal(doc.all_fit, false);
  const payments = doc.checks.find((c) => c.services.includes('payments'));
  assert.ok(payments, res.stdout);
  const row = payments.items.find((r) => !r.fits);
  assert.equal(row.sla, 'enterprise');
  assert.equal(row.priority, 1);
  assert.equal(row.grade, null);
  assert.equal(row.target, 'resolution');
  assert.equal(row.sla_target_seconds, 3 * 3600);
  assert.equal(row.worst_margin_seconds, -45 * 60);
  assert.deepEqual(row.steps.map((s) => [s.group_name, s.kind, s.target_seconds]),
    [['服务台 L1', 'ola', 900], ['应用支持 L2', 'ola', 5400], ['支付通道供应商', 'uc', 7200]]);
  assert.ok(doc.checks.some((c) => c.services.includes(null)), 'tickets without a service are checked too');
});

test('the stored policy (--data/--database) gives the same verdict as the file', async () => {
  const res = await srv.cli(['sla', 'check', ...FROM]);
  assert.equal(res.code, 1, res.stdout + res.stderr);
  const file = await check(['-f', EXAMPLE, ...FROM]);
  assert.equal(res.stdout, file.stdout);
});

test('bad input exits 2 with a clear message', async () => {
  const cases = [
    [['-f', EXAMPLE, '--from', '2025-02-30'], /--from: expected a date YYYY-MM-DD/],
    [['-f', EXAMPLE, '--days', '0'], /--days: expected a whole number from 1 to 366/],
    [['-f', EXAMPLE, '--days', 'week'], /--days: expected a whole number/],
    [['-f', EXAMPLE, '--path', '服务台 L1,夜班'], /--path: no group '夜班' \(groups: .*服务台 L1/],
    [['-f', join(REPO, 'no-such-file.yaml')], /cannot read .*no-such-file.yaml/],
    [['-f', EXAMPLE, '--data', srv.dataDir], /not both/],
    [['--data', join(srv.dataDir, 'nothing-here')], /no database in .*nothing-here/],
  ];
  for (const [args, message] of cases) {
    const res = await check(args);
    assert.equal(res.code, 2, `${args.join(' ')}: exit ${res.code}\n${res.stderr}`);
    assert.match(res.stderr, message, args.join(' '));
    assert.equal(res.stdout, '', args.join(' '));
  }
  const bad = writeTemp(srv, 'bad.yaml', 'agreements:\n  - {name: x, kind: ola, calendar: 24x7, targets: [{priority: 1, resolution: 1h}]}\n');
  const res = await check(['-f', bad]);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /bad\.yaml: line 2: an OLA or UC needs 'group'/);
  const unknownGroup = writeTemp(srv, 'group.yaml', 'agreements:\n  - {name: x, kind: ola, group: nobody, calendar: 24x7, targets: [{priority: 1, resolution: 1h}]}\n');
  const res2 = await check(['-f', unknownGroup]);
  assert.equal(res2.code, 2);
  assert.match(res2.stderr, /group\.yaml: line 2: agreement ola x v1: no group 'nobody'/);
});

test('several files: later files use the names earlier ones define', async () => {
  const directory = writeTemp(srv, 'directory.yaml', 'groups:\n  - {name: desk, kind: desk}\n');
  const agreements = writeTemp(srv, 'agreements.yaml', [
    'agreements:',
    '  - {name: s, kind: sla, calendar: 24x7, targets: [{priority: 1, resolution: 1h}]}',
    '  - {name: d, kind: ola, group: desk, calendar: 24x7, targets: [{priority: 1, resolution: 1h}]}',
    '',
  ].join('\n'));
  const res = await check(['-f', directory, '-f', agreements, ...FROM]);
  assert.equal(res.code, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /s v1 \| P1 \| - \| resolution 1h in 24x7 \| desk: 1h in 24x7 \| fits, 0s to spare/);
  const alone = await check(['-f', agreements, ...FROM]);
  assert.equal(alone.code, 2);
});
