// The console in English. Manager screens: an admin switches the language on the login page, opens the
// calendars (month view with working days, holidays and adjusted days; holiday import from an .ics file, dry
// run then save) and the agreements with the feasibility check and its chart. Portal: a customer rejects a
// resolution with a reason.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO, api, startApp } from './browser.mjs';

let app;
let page;
const scratch = mkdtempSync(join(tmpdir(), 'sladesk-e2e-ics-'));

before(async () => {
  app = await startApp();
  page = await app.newPage('zh-CN');
});
after(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The first date of next month that falls on `weekday` (0 = Sunday), as YYYY-MM-DD. */
function nextMonthDay(weekday) {
  const day = new Date();
  day.setUTCDate(1);
  day.setUTCMonth(day.getUTCMonth() + 1);
  while (day.getUTCDay() !== weekday) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

test('the language switch on the login page turns the console to English', async () => {
  await page.locator('text=登录 sladesk').waitFor();
  await app.choose(page, '[data-test=language]', 'English');
  await page.locator('text=Sign in to sladesk').waitFor();
  await app.login(page, ...DEMO.admin);
  await page.locator('[data-nav=calendars]', { hasText: 'Calendars' }).waitFor();
});

test('calendars: week hours, month view and holiday import with a dry run first', async () => {
  await page.locator('[data-nav=calendars]').click();
  await page.locator('[data-test=calendar-detail]', { hasText: 'Asia/Shanghai' }).waitFor();
  await page.locator('[data-test=month-view] [data-kind=working]').first().waitFor();
  assert.ok((await page.locator('[data-test=month-view] [data-kind=off]').count()) > 0, 'weekends are off');

  // A Thursday off for the company and a Saturday worked instead, next month.
  const holiday = nextMonthDay(4);
  const workday = nextMonthDay(6);
  const compact = (date) => date.replaceAll('-', '');
  const ics = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//sladesk e2e//EN',
    'BEGIN:VEVENT', `DTSTART;VALUE=DATE:${compact(holiday)}`, 'SUMMARY:Company day off', `UID:${holiday}@e2e`, 'END:VEVENT',
    'BEGIN:VEVENT', `DTSTART;VALUE=DATE:${compact(workday)}`, 'SUMMARY:上班 Workday', `UID:${workday}@e2e`, 'END:VEVENT',
    'END:VCALENDAR', '',
  ].join('\r\n');
  const file = join(scratch, 'company.ics');
  writeFileSync(file, ics);
  await page.locator('[data-test=ics-file]').setInputFiles(file);
  const preview = page.locator('[data-test=import-preview]');
  await preview.locator('text=Preview (not saved)').waitFor();
  await preview.locator(`text=${holiday}`).waitFor();
  await app.shot(page, 'calendars-import-preview');
  await page.locator('[data-test=import-save]').click();
  await preview.locator('text=Saved').first().waitFor();
  await page.locator('[data-test=calendar-detail]', { hasText: holiday }).waitFor();

  await page.locator('[data-test=month-view] button', { hasText: 'Next Month' }).click();
  await page.locator(`[data-test=month-view] [data-date="${holiday}"][data-kind=holiday]`).waitFor();
  await page.locator(`[data-test=month-view] [data-date="${workday}"][data-kind=adjusted]`).waitFor();
  await app.shot(page, 'calendars');
});

test('agreements and the feasibility check with its chart', async () => {
  await page.locator('[data-nav=agreements]').click();
  await page.locator('[data-test=agreements-table]', { hasText: 'standard' }).waitFor();
  await page.locator('[data-test=feasibility-run]').click();
  await page.locator('[data-test=feasibility-table] [data-fits]').first().waitFor();
  await page.locator('[data-test=margin-chart] canvas').waitFor();
  // The demo policy has one deliberate finding: the enterprise P1 target on payments does not fit.
  assert.ok((await page.locator('[data-test=feasibility-table] [data-fits=false]').count()) > 0);
  assert.ok((await page.locator('[data-test=feasibility-table] [data-fits=true]').count()) > 0);
  await app.shot(page, 'agreements-feasibility', page.locator('[data-test=margin-chart]'));
  app.assertNoConsoleErrors();
});

test('a customer rejects a resolution with a reason', async () => {
  const customer = await app.newPage('en');
  await app.login(customer, 'lisi', 'customer-demo');
  await customer.locator('[data-test=portal-new]', { hasText: 'Open a ticket' }).click();
  await app.choose(customer, '[data-test=new-service]', '支付服务');
  await customer.locator('[data-test=new-title]').fill('Refund not received');
  await customer.locator('[data-test=new-description]').fill('The refund from last week has not arrived.');
  await customer.locator('[data-test=new-submit]').click();
  await customer.waitForURL(/\/portal\/tickets\/\d+$/);
  const id = Number(customer.url().split('/').pop());

  // The desk resolves it (through the API: the agent screens are covered in Chinese).
  const ticket = await api(app, ...DEMO.agent, 'GET', `/api/v1/tickets/${id}`);
  const resolved = await api(app, ...DEMO.agent, 'PATCH', `/api/v1/tickets/${id}`, {
    status: 'resolved',
    version: ticket.json.version,
  });
  assert.equal(resolved.status, 200, resolved.text);

  await customer.reload();
  await customer.locator('[data-test=ticket-status][data-status=resolved]', { hasText: 'Resolved' }).waitFor();
  await customer.locator('[data-test=reject]').click();
  await customer.locator('.el-message-box input').fill('Still no refund on my card.');
  await customer.locator('.el-message-box__btns .el-button--primary').click();
  await customer.locator('[data-test=ticket-status][data-status=in_progress]', { hasText: 'In progress' }).waitFor();
  await app.shot(customer, 'portal-reopened-en');
  // The reason becomes a public article of the ticket, and the history records the reopening.
  await customer.locator('[data-test=article]', { hasText: 'Still no refund on my card.' }).waitFor();
  const history = await api(app, ...DEMO.agent, 'GET', `/api/v1/tickets/${id}/history`);
  assert.ok(history.json.items.some((change) => change.field === 'reopened'));
  await customer.close();
  app.assertNoConsoleErrors();
});
