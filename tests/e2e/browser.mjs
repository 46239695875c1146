// Browser-test helpers: a `sladesk serve --demo` on a free loopback port with a fresh data dir (through the
// integration harness), and Debian's chromium driven by playwright-core (installed in web/node_modules).
//
//   const app = await startApp();                    // server + browser
//   const page = await app.newPage('zh-CN');         // console errors and page errors are collected
//   await app.login(page, 'zhangsan', 'customer-demo');
//   await app.shot(page, 'portal-new');              // tests/e2e/artifacts/portal-new.png
//   app.assertNoConsoleErrors();  await app.close();
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, startServer } from '../integration/harness.mjs';

const require = createRequire(join(REPO, 'web', 'package.json'));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.SLADESK_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = join(REPO, 'tests', 'e2e', 'artifacts');

// As root in a container chromium needs --no-sandbox; the network flags stop it calling home (refused here).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export const DEMO = {
  admin: ['admin', 'admin-demo'],
  agent: ['agent1', 'agent-demo'],
  customer: ['zhangsan', 'customer-demo'],
};

export async function startApp() {
  const server = await startServer({ users: [], policy: false, extraArgs: ['--demo'] });
  const profile = mkdtempSync(join(tmpdir(), 'sladesk-e2e-profile-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  let context;
  try {
    // The profile goes in as the first argument, never as --user-data-dir in args (DESIGN.md pitfalls).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      timezoneId: 'Asia/Shanghai',
    });
  } catch (error) {
    await server.destroy();
    throw error;
  }
  const problems = [];
  const app = {
    server,
    context,
    problems,
    base: server.base,
    /** A new tab with the console language stored for it; console errors and page errors are recorded. */
    async newPage(locale = 'zh-CN') {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console.error: ${message.text()} (${page.url()})`);
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message} (${page.url()})`));
      await page.goto(`${server.base}/login`);
      await page.evaluate((code) => localStorage.setItem('sladesk.locale', code), locale);
      await page.reload();
      return page;
    },
    /** Signs in through the login form and waits for the role's first screen. */
    async login(page, login, password) {
      await page.goto(`${server.base}/login`);
      await page.locator('[data-test=login]').fill(login);
      await page.locator('[data-test=password]').fill(password);
      await page.locator('[data-test=submit]').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.locator('[data-test=current-user]').waitFor();
    },
    async logout(page) {
      await page.locator('[data-test=logout]').click();
      await page.waitForURL((url) => url.pathname.startsWith('/login'));
    },
    /** Picks the option labelled `label` in the Element Plus select inside `selector`. */
    async choose(page, selector, label) {
      await page.locator(selector).click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
    },
    /** Saves a screenshot; the page is scrolled to the top, or to `focus` (a locator) when given. */
    async shot(page, name, focus) {
      if (focus) await focus.scrollIntoViewIfNeeded();
      else await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300); // let transitions settle
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
    assertNoConsoleErrors() {
      assert.deepEqual(problems, [], 'the browser logged errors');
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
      await server.destroy();
    },
  };
  return app;
}

/** Calls the API directly (for setting up or checking what the UI did). */
export async function api(app, login, password, method, path, json) {
  const token = (await app.server.request('POST', '/api/v1/auth/login', { json: { login, password } })).json.token;
  return app.server.request(method, path, { token, json });
}
