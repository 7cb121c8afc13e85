// Runway's official SDK (@runwayml/sdk, pinned in package-lock.json) drives the simulator's Runway mode as a real
// application would drive api.dev.runwayml.com. Its own types and parsing are the judge: if the simulator's routes,
// headers, statuses or error shapes were off, the SDK would fail here. Needs the simulator jar (bin/test builds it).
import RunwayML, { TaskFailedError } from '@runwayml/sdk';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const simulatorJar = path.join(root, 'sora-simulator', 'target', 'sora-simulator.jar');
const java = process.env.RELAY_JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
const KEY = 'key_' + 'ab'.repeat(64);
// A 1x1 PNG: the SDK accepts a base64 data URI as promptImage.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

/** The simulator jar as its own process, with these SIM_* settings; resolves once it answers. */
async function startSimulator(env) {
  assert.ok(existsSync(simulatorJar), `the simulator jar is missing at ${simulatorJar}: build it first (bin/test does)`);
  const port = await freePort();
  const proc = spawn(java, ['-Xmx256m', '-jar', simulatorJar], { env: { ...process.env, ...env, SIM_API_KEY: KEY, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60000; ;) {
    if (proc.exitCode !== null) throw new Error(`the simulator exited with ${proc.exitCode}`);
    try { if ((await fetch(base + '/_sim/stats')).ok) break; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error('the simulator did not start in time');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    client: (options = {}) => new RunwayML({ apiKey: KEY, baseURL: base + '/runway', maxRetries: 0, ...options }),
    stats: async () => (await fetch(base + '/_sim/stats')).json(),
    stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill('SIGKILL'); }),
  };
}

describe('the simulator speaks Runway to the official SDK', { concurrency: true }, () => {
  let sim;
  let limited;
  before(async () => {
    [sim, limited] = await Promise.all([startSimulator({ SIM_DURATION_MS: '3000' }), startSimulator({ SIM_RUNWAY_DAILY_LIMIT: '1' })]);
  });
  after(async () => { await Promise.all([sim?.stop(), limited?.stop()]); });

  test('text to video: create, waitForTaskOutput, and the output URL serves the video', async () => {
    const task = await sim.client().textToVideo
      .create({ model: 'gen4.5', promptText: 'a lighthouse in a storm', ratio: '1280:720', duration: 5 })
      .waitForTaskOutput({ timeout: 60000 });
    assert.equal(task.status, 'SUCCEEDED');
    assert.equal(task.cost.credits > 0, true);
    assert.equal(task.output.length, 1);
    const video = await fetch(task.output[0]);   // a signed URL: no key needed
    assert.equal(video.status, 200);
    assert.equal(Buffer.from(await video.arrayBuffer()).subarray(4, 8).toString('ascii'), 'ftyp');
  });

  test('image to video with a data URI', async () => {
    const task = await sim.client().imageToVideo
      .create({ model: 'gen4_turbo', promptImage: PNG, promptText: 'the pixel comes alive', ratio: '960:960' })
      .waitForTaskOutput({ timeout: 60000 });
    assert.equal(task.status, 'SUCCEEDED');
    assert.match(task.output[0], /^http:\/\/127\.0\.0\.1:\d+\/runway\/outputs\//);
  });

  test('a running task is cancelled by delete, and waitForTaskOutput reports it', async () => {
    const client = sim.client();
    const created = await client.textToVideo.create({ model: 'veo3.1', promptText: 'a long take', ratio: '1920:1080', duration: 8 });
    const before = await client.tasks.retrieve(created.id);
    assert.ok(['PENDING', 'RUNNING'].includes(before.status), before.status);
    await client.tasks.delete(created.id);
    const after = await client.tasks.retrieve(created.id);
    assert.equal(after.status, 'CANCELLED');
    await assert.rejects(client.tasks.retrieve(created.id).waitForTaskOutput({ timeout: 60000 }),
      (e) => e instanceof TaskFailedError && e.message === 'Task cancelled');
    await client.tasks.delete(created.id);   // a finished task is deleted: not found afterwards
    await assert.rejects(client.tasks.retrieve(created.id), (e) => e instanceof RunwayML.NotFoundError);
  });

  test('a moderation failure fails the task with a SAFETY failureCode', async () => {
    await assert.rejects(
      sim.client().textToVideo.create({ model: 'gen4.5', promptText: 'something unsafe [fail]', ratio: '720:1280', duration: 4 })
        .waitForTaskOutput({ timeout: 60000 }),
      (e) => e instanceof TaskFailedError && e.taskDetails.status === 'FAILED' && e.taskDetails.failureCode === 'SAFETY.INPUT.TEXT'
        && typeof e.taskDetails.failure === 'string');
  });

  test('past the daily limit a create is a RateLimitError, which the SDK retries by default', async () => {
    await limited.client().textToVideo.create({ model: 'gen4.5', promptText: 'the only one today', ratio: '1280:720', duration: 2 });
    await assert.rejects(limited.client().textToVideo.create({ model: 'gen4.5', promptText: 'one more', ratio: '1280:720', duration: 2 }),
      (e) => e instanceof RunwayML.RateLimitError && e.status === 429 && /generations/.test(e.message));
    const once = (await limited.stats()).rateLimited;
    await assert.rejects(limited.client({ maxRetries: 2 }).textToVideo.create({ model: 'gen4.5', promptText: 'again', ratio: '1280:720', duration: 2 }),
      (e) => e instanceof RunwayML.RateLimitError);
    assert.equal((await limited.stats()).rateLimited - once, 3, 'one try and two retries');
    assert.equal((await limited.stats()).jobs, 1);
  });

  test('a bad key is an AuthenticationError; bad input a BadRequestError naming the field', async () => {
    const stranger = new RunwayML({ apiKey: 'key_' + '00'.repeat(64), baseURL: sim.base + '/runway', maxRetries: 0 });
    await assert.rejects(stranger.tasks.retrieve('00000000-0000-0000-0000-000000000000'),
      (e) => e instanceof RunwayML.AuthenticationError && e.status === 401);
    await assert.rejects(sim.client().textToVideo.create({ model: 'gen4.5', promptText: 'x', ratio: '1280:720', duration: 11 }),
      (e) => e instanceof RunwayML.BadRequestError && /duration/.test(e.message));
  });
});
