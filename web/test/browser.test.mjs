// The dashboard's flows in Debian's Chromium against the real server jar, under the dashboard's CSP: each ends with
// exactly one row per request and the video playable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  jar, simulatorJar, shots, java, freePort, waitHttp, until, startProcess, startRelay, launchBrowser, strictContext,
  closeChecked, signUp, generate, rows, row, expectCompletedAndPlayable,
} from './support.mjs';

let browser;
let server;

before(async () => {
  server = await startRelay();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.kill();
});

test('normal flow: a video renders with live progress and plays', async () => {
  const context = await strictContext(browser, { viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await signUp(page, server.base);
  await generate(page, 'a lighthouse in a storm');
  await row(page, 'a lighthouse in a storm').locator('.badge.PROCESSING').waitFor({ timeout: 30000 });
  assert.equal(await row(page, 'a lighthouse in a storm').getByRole('progressbar').count(), 1);
  await page.screenshot({ path: path.join(shots, 'dashboard-generating.png'), fullPage: true });
  await expectCompletedAndPlayable(page, 'a lighthouse in a storm');
  await page.screenshot({ path: path.join(shots, 'dashboard-completed.png'), fullPage: true });
  assert.equal(await rows(page).count(), 1);
  await closeChecked(context);
});

test('reload mid-generation: no duplicate row, nothing lost', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await signUp(page, server.base);
  await generate(page, 'a paper boat');
  await page.reload();
  await row(page, 'a paper boat').first().waitFor();
  await page.reload();
  await expectCompletedAndPlayable(page, 'a paper boat');
  assert.equal(await rows(page).count(), 1);
  await closeChecked(context);
});

test('client restart: closing and reopening the browser context keeps the one task', async () => {
  const first = await strictContext(browser);
  const page = await first.newPage();
  await signUp(page, server.base);
  await generate(page, 'a fox in the snow');
  await row(page, 'a fox in the snow').locator('.badge.QUEUED, .badge.PROCESSING, .badge.SENDING').first().waitFor();
  const storage = await first.storageState();
  await first.close();
  const second = await strictContext(browser, { storageState: storage });
  const again = await second.newPage();
  await again.goto(server.base + '/');
  await expectCompletedAndPlayable(again, 'a fox in the snow');
  assert.equal(await rows(again).count(), 1);
  await closeChecked(second);
});

test('history sync: tasks made on another device appear once', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  const name = await signUp(page, server.base);
  const login = await fetch(server.base + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, password: 'password-123' }) }).then((r) => r.json());
  for (const p of ['from the phone', 'from the laptop']) {
    await fetch(server.base + '/api/relay/sora/videos', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.data.token}` },
      body: JSON.stringify({ prompt: p, clientRequestId: `other-${p}` }) });
  }
  await page.reload();
  await row(page, 'from the phone').waitFor();
  await row(page, 'from the laptop').waitFor();
  assert.equal(await rows(page).count(), 2);
  await closeChecked(context);
});

test('a double click on Generate makes one task', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await signUp(page, server.base);
  // Every create the page sends is counted, and the check waits until each has its answer: a second task, if the
  // double click made one, has then been asked for and shown, without guessing how long that takes.
  const creates = { sent: 0, answered: 0 };
  const isCreate = (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/relay/sora/videos';
  page.on('request', (r) => { if (isCreate(r)) creates.sent++; });
  page.on('requestfinished', (r) => { if (isCreate(r)) creates.answered++; });
  page.on('requestfailed', (r) => { if (isCreate(r)) creates.answered++; });
  await page.getByLabel('Prompt').fill('clicked twice');
  await page.getByRole('button', { name: 'Generate' }).dblclick();
  await row(page, 'clicked twice').first().waitFor();
  await until(() => creates.sent > 0 && creates.answered === creates.sent);
  await row(page, 'clicked twice').locator('.badge:not(.SENDING)').first().waitFor();
  assert.equal(await rows(page).count(), 1);
  await closeChecked(context);
});

test('two tabs stay in step', async () => {
  const context = await strictContext(browser);
  const one = await context.newPage();
  await signUp(one, server.base);
  const two = await context.newPage();
  await two.goto(server.base + '/');
  await two.getByLabel('Prompt').waitFor();
  await generate(one, 'seen in both tabs');
  await row(two, 'seen in both tabs').locator('.badge.COMPLETED').waitFor({ timeout: 60000 });
  await row(one, 'seen in both tabs').locator('.badge.COMPLETED').waitFor({ timeout: 60000 });
  assert.equal(await rows(one).count(), 1);
  assert.equal(await rows(two).count(), 1);
  await closeChecked(context);
});

test('server killed and restarted mid-task (PostgreSQL mode): the page reconnects and the video completes', async () => {
  const db = `sora_web_${Date.now().toString(36)}`;
  const psql = (sql) => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'ignore' });
  psql(`CREATE DATABASE ${db}`);
  const sim = await startProcess(simulatorJar, { SIM_API_KEY: 'sk-web', SIM_DURATION_MS: '8000' }, '/_sim/stats');
  const port = await freePort();
  const env = { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`, SORA_API_BASE: `${sim.base}/v1`, SORA_API_KEY: 'sk-web',
    JWT_SECRET: 'web-browser-tests-secret-0123456789abcdef', CHANNEL_SECRETS_KEY: randomBytes(32).toString('base64'), POLL_MIN_INTERVAL_MS: '200', POLL_MAX_INTERVAL_MS: '1000', LEASE_SECONDS: '3' };
  const startRelay = async () => {
    const proc = spawn(java, ['-Xmx512m', '-jar', jar], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitHttp(`http://127.0.0.1:${port}/health/ready`, 60000, proc);
    return proc;
  };
  let relay = await startRelay();
  const context = await strictContext(browser);
  try {
    const page = await context.newPage();
    await signUp(page, `http://127.0.0.1:${port}`);
    await generate(page, 'survives a crash');
    await row(page, 'survives a crash').locator('.badge.PROCESSING').waitFor({ timeout: 30000 });
    await new Promise((r) => { relay.once('exit', r); relay.kill('SIGKILL'); });
    relay = await startRelay();
    await expectCompletedAndPlayable(page, 'survives a crash');
    assert.equal(await rows(page).count(), 1);
    const stats = await fetch(`${sim.base}/_sim/stats`).then((r) => r.json());
    assert.equal(stats.jobs, 1, 'one upstream job');
  } finally {
    await context.close();
    await new Promise((r) => { if (relay.exitCode !== null) return r(); relay.once('exit', r); relay.kill('SIGKILL'); });
    await sim.kill();
    psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
});
