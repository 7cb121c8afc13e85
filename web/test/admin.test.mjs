// The keys page and the admin section in Debian's Chromium against the real server jar (in-memory stores), found by
// accessible names like the rest of the dashboard, under the dashboard's Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  jar, shots, startProcess, launchBrowser, strictContext, closeChecked, seriousA11yFindings, uniqueName, PASSWORD, signUp,
} from './support.mjs';

const ADMIN = `web_admin_${Date.now().toString(36)}`;
let browser;
let server;

before(async () => {
  // Tasks stay unfinished for a minute, so the admin has one to fail.
  server = await startProcess(jar, { SIM_DURATION_MS: '60000', CREATE_RATE_PER_MINUTE: '0', MAX_INFLIGHT_PER_USER: '0', ADMIN_USERS: ADMIN },
    '/health/ready');
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.kill();
});

async function api(method, pathname, token, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(server.base + pathname, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json().catch(() => null) };
}

/** A user made through the API: its name, login token and one unfinished task. */
async function userWithTask() {
  const username = uniqueName();
  const registered = await api('POST', '/api/auth/register', null, { username, password: PASSWORD });
  assert.equal(registered.status, 201);
  const token = (await api('POST', '/api/auth/login', null, { username, password: PASSWORD })).json.data.token;
  const created = await api('POST', '/api/relay/sora/videos', token, { prompt: 'a lighthouse for the admin' });
  assert.equal(created.status, 201);
  return { username, id: registered.json.data.user.id, token, videoId: created.json.data.videoId };
}

const cellText = (row, n) => row.locator('td').nth(n).textContent();

test('keys page: a new key is shown once with a copy button, works, and stops when revoked', async () => {
  const context = await strictContext(browser, { viewport: { width: 1000, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  const page = await context.newPage();
  await signUp(page, server.base);
  assert.equal(await page.getByRole('button', { name: 'Admin' }).isVisible(), false, 'no admin section for a user');

  await page.getByRole('button', { name: 'API keys' }).click();
  await page.getByLabel('Key name').fill('ci-script');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secretField = page.getByLabel(/New key/);
  await secretField.waitFor();
  const secret = await secretField.inputValue();
  assert.match(secret, /^srk_[0-9A-Za-z]{40}$/);
  await page.getByRole('button', { name: 'Copy key' }).click();
  await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

  const row = page.locator('#keys tbody tr', { hasText: 'ci-script' });
  await row.waitFor();
  assert.equal(await cellText(row, 1), `${secret.slice(0, 12)}…`);
  assert.equal(await cellText(row, 4), 'active');
  assert.ok(!(await page.locator('#keys').textContent()).includes(secret.slice(12)), 'the list never shows the secret');
  assert.equal((await api('GET', '/api/video/tasks', secret)).status, 200, 'the key works');
  assert.deepEqual(await seriousA11yFindings(page), []);
  await page.screenshot({ path: path.join(shots, 'dashboard-keys.png'), fullPage: true });

  await page.getByRole('button', { name: 'Revoke ci-script' }).click();
  await page.locator('#keys tbody tr', { hasText: 'revoked' }).waitFor();
  assert.equal((await api('GET', '/api/video/tasks', secret)).status, 401, 'a revoked key is refused');

  await page.getByRole('button', { name: 'Videos' }).click();
  await page.getByRole('button', { name: 'API keys' }).click();
  assert.equal(await page.getByLabel(/New key/).isVisible(), false, 'the secret is not shown again');
  await closeChecked(context);
});

test('admin section: visible to an admin only; users, tasks, usage and the audit log work by name', async () => {
  const someone = await userWithTask();
  const context = await strictContext(browser, { viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept('stuck in the test'));
  await page.goto(server.base + '/');
  await page.getByLabel('Username').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('button', { name: 'Admin' }).click();

  await page.getByLabel('Search users').fill(someone.username);
  await page.getByRole('button', { name: 'Search' }).click();
  const user = page.locator('#admin-users tbody tr', { hasText: someone.username });
  await user.waitFor();
  assert.equal(await cellText(user, 1), 'user');
  await page.getByRole('button', { name: `Disable ${someone.username}` }).click();
  await page.getByRole('button', { name: `Enable ${someone.username}` }).waitFor();
  assert.equal(await cellText(user, 2), 'disabled');
  assert.equal((await api('GET', '/api/video/tasks', someone.token)).status, 401, 'the disabled user\'s token stops at once');
  await page.getByRole('button', { name: `Enable ${someone.username}` }).click();
  await page.getByRole('button', { name: `Disable ${someone.username}` }).waitFor();

  await page.getByRole('button', { name: 'Show tasks' }).click();
  await page.getByRole('button', { name: `Fail task ${someone.videoId}` }).click();
  await page.getByLabel('Task status').selectOption('FAILED');
  await page.getByRole('button', { name: 'Show tasks' }).click();
  const task = page.locator('#admin-tasks tbody tr', { hasText: someone.videoId });
  await page.locator('#admin-tasks tbody tr', { hasText: someone.videoId }).filter({ hasText: 'FAILED' }).waitFor();
  assert.equal(await task.getByRole('button').count(), 0, 'a failed task cannot be failed again');

  await page.getByLabel('Group by').selectOption('user');
  await page.getByRole('button', { name: 'Show usage' }).click();
  const usage = page.locator('#admin-usage tbody tr', { hasText: someone.id });
  await usage.waitFor();
  assert.equal(await cellText(usage, 1), '1', 'one task of this user');
  assert.equal(await cellText(usage, 3), '1', 'and it failed');

  await page.getByRole('button', { name: 'Refresh audit log' }).click();
  const audit = page.locator('#admin-audit tbody');
  await audit.locator('tr', { hasText: 'task.fail' }).waitFor();
  const actions = await audit.locator('tr td:nth-child(3)').allTextContents();
  assert.deepEqual(actions.slice(0, 3), ['task.fail', 'user.enable', 'user.disable']);
  assert.match(await audit.locator('tr', { hasText: 'task.fail' }).textContent(), /stuck in the test/);
  assert.deepEqual(await seriousA11yFindings(page), []);
  await page.screenshot({ path: path.join(shots, 'dashboard-admin.png'), fullPage: true });

  await closeChecked(context);

  const other = await strictContext(browser);
  const plain = await other.newPage();
  await signUp(plain, server.base);
  await plain.getByRole('button', { name: 'API keys' }).waitFor();
  assert.equal(await plain.getByRole('button', { name: 'Admin' }).isVisible(), false, 'a user sees no admin section');
  assert.equal((await api('GET', '/api/admin/users', null)).status, 401);
  await closeChecked(other);
});

test('admin channels: listed without secrets, tested, disabled and enabled by name, each change audited', async () => {
  const context = await strictContext(browser, { viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.base + '/');
  await page.getByLabel('Username').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Admin' }).click();

  const channel = page.locator('#admin-channels tbody tr', { hasText: 'sim-a' });
  await channel.waitFor();
  assert.equal(await cellText(channel, 1), 'openai-compatible');
  assert.equal(await cellText(channel, 5), 'enabled');
  assert.ok(!(await page.locator('#admin-channels').textContent()).includes('sk-embedded'), 'no credential on the page');

  await page.getByRole('button', { name: 'Test channel sim-a' }).click();
  await page.getByRole('status').filter({ hasText: /^sim-a: ok in \d+ ms$/ }).waitFor();

  await page.getByRole('button', { name: 'Disable channel sim-a' }).click();
  await page.getByRole('button', { name: 'Enable channel sim-a' }).waitFor();
  assert.equal(await cellText(channel, 5), 'disabled');
  const token = await page.evaluate(() => window.localStorage.getItem('soraRelay.token'));
  const stored = await api('GET', '/api/admin/channels/sim-a', token);
  assert.equal(stored.status, 200);
  assert.equal(stored.json.data.enabled, false);
  await page.getByRole('button', { name: 'Enable channel sim-a' }).click();
  await page.getByRole('button', { name: 'Disable channel sim-a' }).waitFor();

  await page.getByRole('button', { name: 'Refresh audit log' }).click();
  const audit = page.locator('#admin-audit tbody');
  await audit.locator('tr', { hasText: 'channel.enable' }).waitFor();
  const actions = await audit.locator('tr td:nth-child(3)').allTextContents();
  assert.deepEqual(actions.slice(0, 2), ['channel.enable', 'channel.disable']);
  assert.deepEqual(await seriousA11yFindings(page), []);
  await page.screenshot({ path: path.join(shots, 'dashboard-admin-channels.png'), fullPage: true });
  await closeChecked(context);
});
