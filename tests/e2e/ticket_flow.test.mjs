// The ticket's way through the console in Chinese (the default): a customer opens a ticket in the portal; an
// agent finds it in the queue with its SLA countdown, replies and resolves it; the customer confirms.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startApp } from './browser.mjs';

let app;
const title = `网银登录失败 ${Date.now().toString(36)}`;
let ticketId;

before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('customer opens a ticket in the portal', async () => {
  const page = await app.newPage('zh-CN');
  await page.locator('text=登录 sladesk').waitFor();
  await app.shot(page, 'login');
  await app.login(page, ...DEMO.customer);
  assert.equal(new URL(page.url()).pathname, '/portal');
  await page.locator('[data-test=portal-new]').click();
  await app.choose(page, '[data-test=new-service]', '网上银行');
  await page.locator('[data-test=new-title]').fill(title);
  await page.locator('[data-test=new-description]').fill('输入密码后提示“系统繁忙”，已重试三次。');
  await app.shot(page, 'portal-new-ticket');
  await page.locator('[data-test=new-submit]').click();
  await page.waitForURL(/\/portal\/tickets\/\d+$/);
  ticketId = Number(page.url().split('/').pop());
  await page.locator('[data-test=ticket-title]', { hasText: title }).waitFor();
  // The customer sees the SLA clocks the API gives customers (SLA scope only).
  await page.locator('[data-test=sla-clocks] [data-test=clock]').first().waitFor();
  assert.equal(await page.locator('[data-test=ola-clocks]').count(), 0);
  await app.shot(page, 'portal-ticket');
  await app.logout(page);
  await page.close();
});

test('agent finds it in the queue, sees the countdown, replies and resolves', async () => {
  assert.ok(ticketId, 'the portal test opened a ticket');
  const page = await app.newPage('zh-CN');
  await app.login(page, ...DEMO.agent);
  assert.equal(new URL(page.url()).pathname, '/agent');
  await page.locator('[data-filter=unassigned]').click();
  const link = page.locator(`[data-test=queue-table] a[data-ticket="${ticketId}"]`);
  await link.waitFor();
  // Its most urgent SLA clock is running and counts down in working time.
  const row = page.locator('[data-test=queue-table] tr', { has: page.locator(`a[data-ticket="${ticketId}"]`) });
  await row.locator('.sla-countdown').waitFor();
  await app.shot(page, 'agent-queue');

  await page.locator('[data-filter=breach]').click();
  await page.locator(`[data-test=queue-table] a[data-ticket="${ticketId}"]`).waitFor();

  await page.locator(`[data-test=queue-table] a[data-ticket="${ticketId}"]`).click();
  await page.waitForURL(new RegExp(`/agent/tickets/${ticketId}$`));
  await page.locator('[data-test=ticket-title]', { hasText: title }).waitFor();
  await page.locator('[data-test=customer-card]', { hasText: 'zhangsan' }).waitFor();
  const firstResponse = page.locator('[data-test=sla-clocks] .sla-countdown[data-target=first_response]');
  await firstResponse.waitFor();
  assert.match(await firstResponse.innerText(), /\d/);
  // Staff also see the OLA clocks of the groups the ticket is with.
  await page.locator('[data-test=ola-clocks] [data-test=clock]').first().waitFor();
  await app.shot(page, 'agent-ticket');

  await page.locator('[data-test=reply-body]').fill('您好，已为您重置登录状态，请再试一次。');
  await page.locator('[data-test=reply-send]').click();
  await page.locator('[data-test=article]', { hasText: '已为您重置登录状态' }).waitFor();
  // The first response is met once the agent has replied.
  await page.locator('[data-test=sla-clocks] .sla-countdown[data-target=first_response][data-tone=met]').waitFor();

  await page.locator('[data-test=reply-body]').fill('已核对日志：会话缓存过期。');
  await page.locator('[data-test=reply-internal]').click();
  await page.locator('[data-test=reply-send]').click();
  await page.locator('[data-test=article].internal', { hasText: '会话缓存过期' }).waitFor();

  await app.choose(page, '[data-test=status-select]', '已解决');
  await page.locator('[data-test=status-apply]').click();
  await page.locator('[data-test=ticket-status][data-status=resolved]').waitFor();
  await page.locator('[data-test=change]', { hasText: '已解决' }).first().waitFor();
  await app.shot(page, 'agent-ticket-resolved');
  await app.logout(page);
  await page.close();
});

test('customer sees the reply (not the internal note) and confirms', async () => {
  const page = await app.newPage('zh-CN');
  await app.login(page, ...DEMO.customer);
  await page.locator(`[data-test=portal-table] a[data-ticket="${ticketId}"]`).click();
  await page.locator('[data-test=article]', { hasText: '已为您重置登录状态' }).waitFor();
  assert.equal(await page.locator('[data-test=article]', { hasText: '会话缓存过期' }).count(), 0);
  await app.shot(page, 'portal-resolved');
  await page.locator('[data-test=confirm]').click();
  await page.locator('[data-test=ticket-status][data-status=closed]').waitFor();
  await page.close();
  app.assertNoConsoleErrors();
});
