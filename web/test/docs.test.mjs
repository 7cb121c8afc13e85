// The API reference page (/docs) in Debian's Chromium against the real server jar: Swagger UI loads the server's own
// OpenAPI document and shows its operations under the server's Content-Security-Policy, with nothing from elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, launchBrowser, strictContext, closeChecked } from './support.mjs';

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

test('the reference page shows every operation under the server CSP, loading only from the server', async () => {
  const context = await strictContext(browser);
  const page = await context.newPage();
  const elsewhere = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.base) && !r.url().startsWith('data:')) elsewhere.push(r.url()); });
  const answer = await page.goto(server.base + '/docs');
  assert.match(answer.headers()['content-security-policy'], /script-src 'self'/);
  await page.getByText('Sora Relay API', { exact: false }).first().waitFor();
  await page.locator('.opblock').first().waitFor();
  const document = await (await fetch(server.base + '/openapi.json')).json();
  const operations = Object.values(document.paths).flatMap((p) => Object.keys(p)).length;
  assert.equal(await page.locator('.opblock').count(), operations, 'one block per documented operation');
  await page.locator('#operations-Tasks-createTask .opblock-summary').click();
  await page.getByText('Idempotency-Key', { exact: true }).first().waitFor();
  assert.deepEqual(elsewhere, [], 'the page loads nothing from another host');
  await closeChecked(context);
});
