// What the browser tests share: the server processes, Debian's Chromium (playwright-core, no browser download),
// a browser context that enforces the dashboard's Content-Security-Policy, axe-core, and the dashboard's gestures.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const jar = path.join(root, 'bootstrap', 'target', 'sora-relay.jar');
export const simulatorJar = path.join(root, 'sora-simulator', 'target', 'sora-simulator.jar');
// Screenshots go to an ignored build directory: a test run never rewrites the committed docs/screenshots.
export const shots = path.join(root, 'web', 'target', 'screenshots');
export const java = process.env.RELAY_JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

/**
 * The policy the dashboard must work under (docs/dashboard.md): nothing inline, nothing from elsewhere. Videos and
 * thumbnails are fetched with the token and played from object URLs, hence blob: for media and images.
 * A server that sends its own policy is tested with that one instead.
 */
export const DASHBOARD_CSP = "default-src 'self'; img-src 'self' blob:; media-src 'self' blob:; object-src 'none'; base-uri 'none'";

export function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

export async function waitHttp(url, ms = 60000, proc = null) {
  const end = Date.now() + ms;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`the server exited with ${proc.exitCode} before answering ${url}`);
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`${url} not up in time`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until {@code check} holds, polling; fails after {@code ms}. */
export async function until(check, ms = 30000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A server process: the relay jar (or the simulator jar) with the given environment. */
export async function startProcess(jarPath, env, readyPath) {
  const port = await freePort();
  const proc = spawn(java, ['-Xmx512m', '-jar', jarPath], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  proc.on('error', (e) => { throw new Error(`cannot start ${java}: ${e.message} (set RELAY_JAVA or JAVA_HOME)`); });
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(base + readyPath, 60000, proc);
  return { proc, base, port, kill: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill('SIGKILL'); }) };
}

/** The embedded relay (in-memory stores, in-process simulator) for the browser tests. */
export function startRelay() {
  assert.ok(existsSync(jar), `the server jar is missing at ${jar}: build it first (bin/test does)`);
  return startProcess(jar, { SIM_DURATION_MS: '4000', CREATE_RATE_PER_MINUTE: '0', MAX_INFLIGHT_PER_USER: '0' }, '/health/ready');
}

export function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: run web/setup.sh`);
  mkdirSync(shots, { recursive: true });
  // playwright gives every launch a fresh, empty profile directory of its own
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * A browser context whose pages get the dashboard under {@link DASHBOARD_CSP} (unless the server sends a policy of
 * its own) and axe-core. Chromium reports every blocked script, style, image or media load on the console; they are
 * collected in {@code cspViolations}. axe is an init script: those run outside the page's policy, which forbids
 * the inline script that addScriptTag would add.
 */
export async function strictContext(browser, options = {}) {
  const context = await browser.newContext(options);
  context.cspViolations = [];
  context.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) context.cspViolations.push(m.text()); });
  await context.route((url) => url.pathname === '/' || url.pathname.endsWith('.html'), async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    if (!headers['content-security-policy']) headers['content-security-policy'] = DASHBOARD_CSP;
    await route.fulfill({ response, headers });
  });
  await context.addInitScript({ path: axePath });
  return context;
}

/** axe-core's serious and critical findings on the page as it is now, one readable line each. */
export async function seriousA11yFindings(page) {
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) })));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.join(' | ')}`);
}

let n = 0;
export const PASSWORD = 'password-123';

export function uniqueName() { return `web_${Date.now().toString(36)}_${n++}`; }

export async function signUp(page, base) {
  const name = uniqueName();
  await page.goto(base + '/');
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByLabel('Prompt').waitFor();
  return name;
}

export async function generate(page, prompt) {
  await page.getByLabel('Prompt').fill(prompt);
  await page.getByRole('button', { name: 'Generate' }).click();
}

export const rows = (page) => page.locator('#tasks > li');
export const row = (page, prompt) => page.locator('#tasks > li', { hasText: prompt });

export async function expectCompletedAndPlayable(page, prompt) {
  await row(page, prompt).locator('.badge.COMPLETED').waitFor({ timeout: 60000 });
  const video = row(page, prompt).locator('video');
  await video.waitFor({ timeout: 30000 });
  const ready = await video.evaluate((v) => new Promise((resolve) => {
    if (v.readyState >= 1) return resolve(v.duration);
    v.addEventListener('loadedmetadata', () => resolve(v.duration), { once: true });
    v.addEventListener('error', () => resolve(-1), { once: true });
  }));
  assert.ok(ready > 0, `the video has a duration (got ${ready})`);
}

/** Closes a {@link strictContext} and checks that its policy blocked nothing the dashboard tried to load or run. */
export async function closeChecked(context) {
  await context.close();
  assert.deepEqual(context.cspViolations, [], 'the dashboard runs under its Content-Security-Policy');
}
