// Estimated progress on the dashboard: a task on a model whose provider reports no progress (Wan, through embedded
// mode's sim-wan channel) shows "~NN %" beside its bar while it runs, and its bar is named as an estimate for assistive
// technology; a task on a model that reports its progress (sora-2) carries no such mark. Nothing waits for a job to end:
// the simulator's jobs are long, so the running rows stay on screen while the test looks at them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { jar, startProcess, launchBrowser, strictContext, closeChecked, signUp, generate, row, seriousA11yFindings } from './support.mjs';

let browser;
let server;

before(async () => {
  server = await startProcess(jar, { SIM_DURATION_MS: '20000', CREATE_RATE_PER_MINUTE: '0', MAX_INFLIGHT_PER_USER: '0' }, '/health/ready');
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.kill();
});

/** Generates {@code prompt} with {@code model}; its row. */
async function generateWith(page, model, prompt) {
  await page.getByLabel('Model').selectOption(model);
  await generate(page, prompt);
  return row(page, prompt);
}

/** Waits until the row shows its task running (PROCESSING). */
const running = (page, r) => r.and(page.locator('[data-status="PROCESSING"]')).waitFor({ timeout: 60000 });

test('a running task whose progress is estimated shows "~NN %" and names its bar as an estimate', async () => {
  const context = await strictContext(browser, { viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await signUp(page, server.base);
  await page.getByLabel('Model').locator('option').first().waitFor({ state: 'attached' });

  // Both at once: a simulated job spends its first tenth queued.
  const estimated = await generateWith(page, 'wan2.6-t2v', 'a lighthouse in fog, estimated');
  const reported = await generateWith(page, 'sora-2', 'a lighthouse in fog, reported');
  await running(page, estimated);
  const bar = estimated.getByRole('progressbar', { name: 'Estimated progress of “a lighthouse in fog, estimated”' });
  await bar.waitFor();
  assert.match(await bar.getAttribute('aria-valuetext'), /^about \d{1,2} % \(estimated\)$/);
  const figure = estimated.locator('.estimate');
  assert.match(await figure.textContent(), /^~\d{1,2} %$/);
  assert.equal(await figure.getAttribute('aria-hidden'), 'true', 'the figure is not read twice: the bar says it');
  assert.equal(await estimated.getAttribute('data-status'), 'PROCESSING', 'shown while the task runs');

  await running(page, reported);
  await reported.getByRole('progressbar', { name: 'Progress of “a lighthouse in fog, reported”' }).waitFor();
  assert.equal(await reported.locator('.estimate').count(), 0, 'a provider that reports progress gets no estimate mark');

  assert.deepEqual(await seriousA11yFindings(page), []);
  await closeChecked(context);
});
