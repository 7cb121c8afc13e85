// First contact with the dashboard in Debian's Chromium against the real server jar: what a new user reads when
// something is refused, an empty list, a failed task, phone width, the favicon, and axe-core finding nothing serious
// or critical. Every page runs under the dashboard's Content-Security-Policy (support.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  shots, startRelay, launchBrowser, strictContext, closeChecked, seriousA11yFindings, uniqueName, PASSWORD,
  signUp, generate, row, expectCompletedAndPlayable,
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

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Counts the page's requests to {@code pathname}, so a test can tell that a refused form sent nothing. */
function countRequests(page, pathname) {
  const seen = { count: 0 };
  page.on('request', (r) => { if (new URL(r.url()).pathname === pathname) seen.count++; });
  return seen;
}

async function registerViaApi(username) {
  const r = await fetch(server.base + '/api/auth/register', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) });
  assert.equal(r.status, 201);
}

/** The message the server gives for this request; the dashboard must show the same words, as a sentence. */
async function serverSays(pathname, body) {
  const r = await fetch(server.base + pathname, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(r.status >= 400 && r.status < 500, `${pathname} refuses it (${r.status})`);
  const message = (await r.json()).error.message;
  return message[0].toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}

async function submitAuth(page, username, password, button) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: button }).click();
}

const authError = (page) => page.locator('#auth #auth-error');

/** Waits until the sign-in form's error box shows {@code text}, then checks it shows exactly that. */
async function authErrorReads(page, text) {
  await page.locator('#auth #auth-error', { hasText: text }).waitFor();
  assert.equal(await authError(page).textContent(), text);
}

test('logged out: the sign-in page has a favicon and no serious accessibility finding', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await page.goto(server.base + '/');
  const icon = await page.locator('link[rel="icon"]').evaluate((l) => l.href);
  const served = await fetch(icon);
  assert.equal(served.status, 200);
  assert.match(served.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(await served.text(), /<svg[\s>]/);
  assert.deepEqual(await seriousA11yFindings(page), []);
  await closeChecked(context);
});

test('wrong credentials: the server\'s message shows next to the sign-in form', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await page.goto(server.base + '/');
  const name = uniqueName();
  await registerViaApi(name);
  const expected = await serverSays('/api/auth/login', { username: name, password: 'not-the-password' });
  await submitAuth(page, name, 'not-the-password', 'Log in');
  await authErrorReads(page, expected);
  assert.match(expected, /password/i, 'it is the message about the credentials, not a generic one');
  assert.equal(await page.locator('#studio').isHidden(), true);
  await closeChecked(context);
});

test('a taken name: registering shows the server\'s message', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  const name = uniqueName();
  await registerViaApi(name);
  await page.goto(server.base + '/');
  const expected = await serverSays('/api/auth/register', { username: name, password: PASSWORD });
  await submitAuth(page, name, PASSWORD, 'Register');
  await authErrorReads(page, expected);
  assert.match(expected, /taken/i);
  await closeChecked(context);
});

test('Register runs the form\'s own checks and sends nothing the server would refuse', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await page.goto(server.base + '/');
  const registers = countRequests(page, '/api/auth/register');
  const cases = [
    ['', PASSWORD, 'username', 'Username is required.'],
    ['ok_name', '', 'password', 'Password is required.'],
    ['ok_name', 'short', 'password', 'Password must be at least 8 characters.'],
    ['no spaces', PASSWORD, 'username', 'Username: 3 to 64 letters, digits, _ . or -.'],
  ];
  for (const [username, password, field, message] of cases) {
    await submitAuth(page, username, password, 'Register');
    await authErrorReads(page, message);
    assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true', `${field} is marked for "${message}"`);
  }
  assert.equal(registers.count, 0);
  await closeChecked(context);
});

test('a rule only the server knows: its message shows and its field is marked', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await page.goto(server.base + '/');
  // An older page that does not know the password rule: the server's refusal must still reach the user.
  await page.locator('#password').evaluate((p) => p.removeAttribute('minlength'));
  const name = uniqueName();
  const expected = await serverSays('/api/auth/register', { username: name, password: 'short' });
  await submitAuth(page, name, 'short', 'Register');
  await authErrorReads(page, expected);
  assert.match(expected, /password/i);
  assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
  await closeChecked(context);
});

test('an expired session: the sign-in form says to log in again', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await signUp(page, server.base);
  await page.evaluate(() => localStorage.setItem('soraRelay.token', 'not-a-token'));
  await page.reload();
  await authErrorReads(page, 'Your session has ended. Please log in again.');
  assert.equal(await page.locator('#studio').isHidden(), true);
  await closeChecked(context);
});

test('an empty list says what to do, and goes once there is a video', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  await signUp(page, server.base);
  const empty = page.getByText('No videos yet — describe one above.');
  await empty.waitFor();
  await generate(page, 'a first video');
  await row(page, 'a first video').waitFor();
  assert.equal(await empty.isHidden(), true);
  await closeChecked(context);
});

test('a failed task shows why instead of a frozen bar; the list has no serious accessibility finding', async () => {
  const context = await strictContext(browser, { viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await signUp(page, server.base);
  await generate(page, 'a calm sea');
  await row(page, 'a calm sea').locator('.badge:not(.SENDING)').waitFor();
  await generate(page, 'a stormy sea [fail]');
  const failed = row(page, 'a stormy sea [fail]');
  await failed.locator('.badge.FAILED').waitFor({ timeout: 60000 });
  assert.equal(await failed.getByRole('progressbar').count(), 0, 'no progress bar on a failed task');
  assert.match(await failed.locator('.outcome.FAILED').textContent(), /^Failed: .*moderation/i);
  await failed.getByRole('button', { name: 'Retry' }).waitFor();
  await expectCompletedAndPlayable(page, 'a calm sea');
  await page.screenshot({ path: path.join(shots, 'dashboard-failed.png'), fullPage: true });
  assert.deepEqual(await seriousA11yFindings(page), []);
  await closeChecked(context);
});

/** Every visible button (and the download link, which acts as one) is at least 44 px tall. */
async function shortTargets(page) {
  return page.locator('button:visible, a.download:visible').evaluateAll((els) => els
    .filter((e) => e.getBoundingClientRect().height < 44)
    .map((e) => `${e.textContent.trim()}: ${e.getBoundingClientRect().height}px`));
}

test('phone width (390 px): 44 px buttons, a one-row header, no serious accessibility finding', async () => {
  const context = await strictContext(browser, PHONE);
  const page = await context.newPage();
  await page.goto(server.base + '/');
  assert.deepEqual(await shortTargets(page), []);
  assert.deepEqual(await seriousA11yFindings(page), []);

  await signUp(page, server.base);
  await generate(page, 'a phone-sized video');
  await expectCompletedAndPlayable(page, 'a phone-sized video');
  assert.deepEqual(await shortTargets(page), []);
  const box = async (selector) => page.locator(selector).boundingBox();
  const [title, logout, header] = [await box('header h1'), await box('#logout'), await box('header')];
  assert.ok(logout.x + logout.width <= 390, 'Log out is on screen');
  assert.ok(Math.abs((logout.y + logout.height / 2) - (title.y + title.height / 2)) < 4, 'Log out shares the title\'s row');
  assert.ok(header.height < logout.height * 2, 'the header is one row');
  // A range over the label has one box per line of text.
  const lines = await page.locator('#logout').evaluate((b) => { const r = document.createRange(); r.selectNodeContents(b); return r.getClientRects().length; });
  assert.equal(lines, 1, '"Log out" is on one line');
  assert.ok(await page.locator('#logout').evaluate((b) => b.scrollWidth <= b.clientWidth), '"Log out" is not cut');
  await page.screenshot({ path: path.join(shots, 'dashboard-phone.png'), fullPage: true });
  assert.deepEqual(await seriousA11yFindings(page), []);
  await closeChecked(context);
});
