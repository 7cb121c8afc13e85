// The dashboard through every provider of embedded mode (one channel each on the built-in simulator's protocol modes):
// pick the provider's model by its accessible name, generate, watch the row move on live updates alone (no reload)
// to COMPLETED, and play the video. The admin API then names the channel that served it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  jar, startProcess, launchBrowser, strictContext, closeChecked, uniqueName, PASSWORD, signUp, generate, row,
  expectCompletedAndPlayable,
} from './support.mjs';

const ADMIN = uniqueName();
let browser;
let server;
let adminToken;

/** Each provider's model as the catalogue offers it, and the embedded channel that must serve it. */
const PROVIDERS = [
  ['OpenAI-compatible', 'sora-2', /^sim-[ab]$/],
  ['Runway', 'runway-gen4.5', /^sim-runway$/],
  ['Wan', 'wan2.6-t2v', /^sim-wan$/],
  ['Seedance', 'seedance-1-0-pro-250528', /^sim-seedance$/],
  ['Veo', 'veo-3.1-fast-generate-001', /^sim-veo$/],
  ['Kling', 'kling-v2-5-turbo', /^sim-kling$/],
  ['MiniMax', 'MiniMax-Hailuo-2.3', /^sim-minimax$/],
];

async function api(method, pathname, token, body) {
  const r = await fetch(server.base + pathname, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

before(async () => {
  // Short jobs keep seven providers' round trips quick; the poll policy expects what the simulator takes.
  server = await startProcess(jar, { SIM_DURATION_MS: '2500', CREATE_RATE_PER_MINUTE: '0', MAX_INFLIGHT_PER_USER: '0', ADMIN_USERS: ADMIN },
    '/health/ready');
  browser = await launchBrowser();
  assert.equal((await api('POST', '/api/auth/register', null, { username: ADMIN, password: PASSWORD })).status, 201);
  adminToken = (await api('POST', '/api/auth/login', null, { username: ADMIN, password: PASSWORD })).json.data.token;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.kill();
});

/** Records every status the row of {@code prompt} shows, in order, as the page renders it. */
function watchStatuses(page, prompt) {
  return page.evaluate((p) => {
    window.seenStatuses = [];
    const look = () => {
      for (const li of document.querySelectorAll('#tasks > li')) {
        if (li.querySelector('.prompt')?.textContent !== p) continue;
        if (window.seenStatuses.at(-1) !== li.dataset.status) window.seenStatuses.push(li.dataset.status);
      }
    };
    new MutationObserver(look).observe(document.getElementById('tasks'), { childList: true, subtree: true, attributes: true });
  }, prompt);
}

for (const [provider, model, channel] of PROVIDERS) {
  test(`${provider}: the dashboard creates a video with ${model}, shows it progress live, and plays it`, async () => {
    const context = await strictContext(browser, { viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    await signUp(page, server.base);
    const navigations = [];
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations.push(f.url()); });
    await page.getByLabel('Model').locator('option').first().waitFor({ state: 'attached' });
    const offered = await page.getByLabel('Model').locator('option').allTextContents();
    assert.ok(offered.includes(model), `the model list offers ${model} (offered: ${offered.join(', ')})`);
    await page.getByLabel('Model').selectOption(model);
    const prompt = `a harbour at dawn, through ${provider}`;
    await watchStatuses(page, prompt);
    await generate(page, prompt);
    await expectCompletedAndPlayable(page, prompt);

    const seen = await page.evaluate(() => window.seenStatuses);
    assert.equal(seen.at(-1), 'COMPLETED', `the row ends COMPLETED (seen ${seen.join(' → ')})`);
    assert.ok(seen.slice(0, -1).some((s) => s === 'QUEUED' || s === 'PROCESSING'),
      `the row showed the task under way before it completed (seen ${seen.join(' → ')})`);
    assert.equal(await row(page, prompt).count(), 1, 'one row for the one request');
    assert.deepEqual(navigations, [], 'every status came as a live update: the page never reloaded');

    const videoId = await row(page, prompt).getAttribute('data-video-id');
    const tasks = (await api('GET', `/api/admin/tasks?model=${encodeURIComponent(model)}&limit=100`, adminToken)).json.data.tasks;
    const task = tasks.find((t) => t.videoId === videoId);
    assert.ok(task, `the admin list has the task ${videoId}`);
    assert.equal(task.status, 'COMPLETED');
    assert.match(task.channel, channel, 'served by its own channel');
    await closeChecked(context);
  });
}
