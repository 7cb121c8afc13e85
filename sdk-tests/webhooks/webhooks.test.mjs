// A receiver of the relay's outbound webhooks, verifying them with the `standardwebhooks` library (pinned in
// package-lock.json) as a user's own server would. The relay jar runs in its embedded mode, where targets on this
// machine are allowed (WEBHOOKS_ALLOW_PRIVATE defaults to true there). Needs the server jar (bin/test builds it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const jar = path.join(root, 'bootstrap', 'target', 'sora-relay.jar');
const java = process.env.RELAY_JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

async function until(check, what, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The relay jar in embedded mode; resolves once it is ready. */
async function startRelay() {
  assert.ok(existsSync(jar), `the server jar is missing at ${jar}: build it first (bin/test does)`);
  const port = await freePort();
  const proc = spawn(java, ['-Xmx512m', '-jar', jar], {
    env: { ...process.env, PORT: String(port), SIM_DURATION_MS: '2000', CREATE_RATE_PER_MINUTE: '0', MAX_INFLIGHT_PER_USER: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (proc.exitCode !== null) throw new Error(`the relay exited with ${proc.exitCode}`);
    try { return (await fetch(base + '/health/ready')).ok; } catch { return false; }
  }, 'the relay answers');
  return { base, stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill('SIGKILL'); }) };
}

/** A receiver on 127.0.0.1 that keeps each request's raw body and headers and answers 204. */
function startReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/hooks/sora`,
    received,
    stop: () => new Promise((r) => server.close(r)),
  })));
}

async function api(base, method, route, token, body) {
  const res = await fetch(base + route, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('outbound webhooks verify with the standardwebhooks library', () => {
  let relay;
  let receiver;
  let token;
  let secret;

  before(async () => {
    [relay, receiver] = await Promise.all([startRelay(), startReceiver()]);
    const credentials = { username: `hooks_${Date.now()}`, password: 'receiver-password-1' };
    assert.equal((await api(relay.base, 'POST', '/api/auth/register', null, credentials)).status, 201);
    token = (await api(relay.base, 'POST', '/api/auth/login', null, credentials)).json.data.token;
    const made = await api(relay.base, 'POST', '/api/webhooks', token, { url: receiver.url });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    secret = made.json.data.secret;
  });
  after(async () => { await Promise.all([relay?.stop(), receiver?.stop()]); });

  const create = async (prompt) => {
    const r = await api(relay.base, 'POST', '/api/relay/sora/videos', token, { prompt, model: 'sora-2', seconds: '4', size: '1280x720' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json.data.videoId;
  };
  const messageFor = (videoId) => until(() => receiver.received.find((m) => JSON.parse(m.body).data?.videoId === videoId),
    `the message for ${videoId}`);

  test('a completed task arrives signed, and the library verifies it and returns the task', async () => {
    const videoId = await create('a paper boat on a pond');
    const message = await messageFor(videoId);
    const payload = new Webhook(secret).verify(message.body, message.headers);
    assert.equal(payload.type, 'video.completed');
    assert.equal(payload.data.videoId, videoId);
    assert.equal(payload.data.status, 'COMPLETED');
    assert.equal(message.headers['webhook-id'], `msg_${videoId}_completed`);
    assert.match(message.headers['content-type'], /^application\/json/);
  });

  test('a cancelled task arrives as video.cancelled, verified', async () => {
    const videoId = await create('a lantern in the rain');
    assert.equal((await api(relay.base, 'POST', `/api/video/tasks/${videoId}/cancel`, token, {})).status, 200);
    const message = await messageFor(videoId);
    assert.equal(new Webhook(secret).verify(message.body, message.headers).type, 'video.cancelled');
  });

  test('a changed body, another secret or another id fails verification', async () => {
    const message = await until(() => receiver.received[0], 'a message');
    const wrongKey = 'whsec_' + Buffer.from('not the endpoint key, 24+ bytes long').toString('base64');
    assert.throws(() => new Webhook(secret).verify(message.body.replace('video.', 'video!'), message.headers), WebhookVerificationError);
    assert.throws(() => new Webhook(wrongKey).verify(message.body, message.headers), WebhookVerificationError);
    assert.throws(() => new Webhook(secret).verify(message.body, { ...message.headers, 'webhook-id': 'msg_other' }), WebhookVerificationError);
  });

  test('each attempt is listed with the receiver\'s status', async () => {
    const hooks = (await api(relay.base, 'GET', '/api/webhooks', token)).json.data.webhooks;
    assert.equal(hooks.length, 1);
    const deliveries = await until(async () => {
      const list = (await api(relay.base, 'GET', `/api/webhooks/${hooks[0].id}/deliveries`, token)).json.data.deliveries;
      return list.length >= 1 ? list : null;
    }, 'the attempts are listed');
    assert.ok(deliveries.every((d) => d.statusCode === 204 && d.error === null && d.nextRetryAt === null));
  });
});
