// OpenAI's official Node SDK (openai, pinned in package-lock.json) drives the relay's OpenAI-compatible front door
// (/v1) with an API key, as a program written against OpenAI's Videos API would: the SDK's own requests, parsing and
// error classes are the judge. The server jar runs in embedded mode, then in PostgreSQL mode (with the simulator jar as
// its upstream). Needs both jars (bin/test builds them) and, for the second mode, PostgreSQL at 127.0.0.1:5432.
import OpenAI, { toFile } from 'openai';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const relayJar = path.join(root, 'bootstrap', 'target', 'sora-relay.jar');
const simulatorJar = path.join(root, 'sora-simulator', 'target', 'sora-simulator.jar');
const java = process.env.RELAY_JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
// A 1x1 PNG, the reference image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const FAST = { POLL_MIN_INTERVAL_MS: '200', POLL_MAX_INTERVAL_MS: '1000', CREATE_RATE_PER_MINUTE: '0', MAX_INFLIGHT_PER_USER: '0' };

function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

/** A jar as its own process with this environment; resolves once {@code readyPath} answers. */
async function startJar(jar, env, readyPath) {
  assert.ok(existsSync(jar), `${jar} is missing: build it first (bin/test does)`);
  const port = await freePort();
  const proc = spawn(java, ['-Xmx384m', '-jar', jar], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60000; ;) {
    if (proc.exitCode !== null) throw new Error(`${path.basename(jar)} exited with ${proc.exitCode}`);
    try { if ((await fetch(base + readyPath)).ok) break; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`${path.basename(jar)} did not start in time`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill('SIGKILL'); }) };
}

/** A new user's API key, made as a user would: register, log in, POST /api/keys. */
async function newKey(base) {
  const creds = { username: `sdk_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`, password: 'password-123' };
  const post = (p, body, token) => fetch(base + p, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  assert.equal((await post('/api/auth/register', creds)).status, 201);
  const { data: { token } } = await (await post('/api/auth/login', creds)).json();
  const made = await post('/api/keys', { name: 'openai-node' }, token);
  assert.equal(made.status, 201);
  return (await made.json()).data.key;
}

async function finished(client, id) {
  for (const end = Date.now() + 60000; ;) {
    const v = await client.videos.retrieve(id);
    if (v.status === 'completed' || v.status === 'failed') return v;
    if (Date.now() > end) throw new Error(`video ${id} still ${v.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const modes = {
  embedded: async () => {
    const relay = await startJar(relayJar, { ...FAST, SIM_DURATION_MS: '1000' }, '/health/ready');
    return { base: relay.base, stop: relay.stop };
  },
  postgresql: async () => {
    const db = `sora_openai_sdk_${Date.now().toString(36)}`;
    const psql = (sql) => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'ignore' });
    psql(`CREATE DATABASE ${db}`);
    const upstreamKey = 'sim-' + Math.random().toString(36).slice(2);
    const sim = await startJar(simulatorJar, { SIM_API_KEY: upstreamKey, SIM_DURATION_MS: '1000' }, '/_sim/stats');
    const relay = await startJar(relayJar, { ...FAST, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`, SORA_API_BASE: `${sim.base}/v1`,
      SORA_API_KEY: upstreamKey, JWT_SECRET: 'openai-node-sdk-tests-' + 'x'.repeat(24), CHANNEL_SECRETS_KEY: randomBytes(32).toString('base64') },
      '/health/ready');
    return { base: relay.base, stop: async () => { await relay.stop(); await sim.stop(); psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`); } };
  },
};

for (const [mode, start] of Object.entries(modes)) {
  describe(`OpenAI's Node SDK against /v1 (${mode} mode)`, () => {
    let server;
    let client;
    before(async () => {
      server = await start();
      client = new OpenAI({ apiKey: await newKey(server.base), baseURL: `${server.base}/v1`, maxRetries: 0 });
    });
    after(async () => { await server?.stop(); });

    test('create with a reference image, poll, download, remix, list and delete', async () => {
      const created = await client.videos.create({ model: 'sora-2', prompt: 'a paper boat on a rainy street', seconds: '4', size: '720x1280',
        input_reference: await toFile(PNG, 'reference.png', { type: 'image/png' }) });
      assert.equal(created.object, 'video');
      assert.equal(created.status, 'queued');
      assert.equal(created.seconds, '4');
      assert.equal(created.size, '720x1280');

      const done = await finished(client, created.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.progress, 100);
      assert.ok(done.completed_at >= done.created_at);
      assert.equal(done.error, null);

      const video = Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer());
      assert.equal(video.subarray(4, 8).toString('ascii'), 'ftyp');
      const thumbnail = Buffer.from(await (await client.videos.downloadContent(created.id, { variant: 'thumbnail' })).arrayBuffer());
      assert.deepEqual([...thumbnail.subarray(0, 2)], [0xff, 0xd8]);

      const remix = await client.videos.remix(created.id, { prompt: 'the same boat at night' });
      assert.equal(remix.remixed_from_video_id, created.id);
      assert.equal((await finished(client, remix.id)).status, 'completed');

      const page = await client.videos.list({ limit: 1, order: 'desc' });
      assert.deepEqual(page.data.map((v) => v.id), [remix.id]);
      assert.equal(page.has_more, true);
      const all = [];
      for await (const v of client.videos.list({ limit: 1 })) all.push(v.id);
      assert.deepEqual(all.slice(0, 2), [remix.id, created.id]);

      const deleted = await client.videos.delete(remix.id);
      assert.deepEqual(deleted, { id: remix.id, object: 'video.deleted', deleted: true });
    });

    test('delete cancels a video still being made; an Idempotency-Key answers the same video twice', async () => {
      const running = await client.videos.create({ prompt: 'a long take' });
      assert.equal((await client.videos.delete(running.id)).deleted, true);
      const after = await client.videos.retrieve(running.id);
      assert.equal(after.status, 'failed');
      assert.equal(after.error.code, 'cancelled');

      const key = `node-${Date.now().toString(36)}`;
      // The SDK sends no Idempotency-Key of its own for OpenAI; a program sets the header.
      const first = await client.videos.create({ prompt: 'once only' }, { headers: { 'Idempotency-Key': key } });
      const again = await client.videos.create({ prompt: 'once only' }, { headers: { 'Idempotency-Key': key } });
      assert.equal(again.id, first.id);
    });

    test('every model of the catalogue is listed', async () => {
      const ids = [];
      for await (const m of client.models.list()) ids.push(m.id);
      for (const name of ['sora-2', 'sora-2-pro', 'sora_video2']) assert.ok(ids.includes(name), `${name} in ${ids}`);
      assert.equal((await client.models.retrieve('sora-2-pro')).id, 'sora-2-pro');
      await assert.rejects(client.models.retrieve('sora-9'), (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
    });

    test('errors are the SDK\'s error classes with OpenAI\'s fields', async () => {
      const stranger = new OpenAI({ apiKey: 'srk_' + 'not-a-real-key', baseURL: `${server.base}/v1`, maxRetries: 0 });
      await assert.rejects(stranger.videos.list(), (e) => e instanceof OpenAI.AuthenticationError && e.status === 401 && e.code === 'invalid_api_key');
      await assert.rejects(client.videos.retrieve('video_1_unknown'),
        (e) => e instanceof OpenAI.NotFoundError && e.code === 'task_not_found' && e.type === 'invalid_request_error');
      await assert.rejects(client.videos.create({ prompt: 'x', seconds: '5' }),
        (e) => e instanceof OpenAI.BadRequestError && e.param === 'seconds');
      const queued = await client.videos.create({ prompt: 'not finished yet' });
      await assert.rejects(client.videos.remix(queued.id, { prompt: 'again' }),
        (e) => e instanceof OpenAI.BadRequestError && e.code === 'original_not_remixable');
    });
  });
}
