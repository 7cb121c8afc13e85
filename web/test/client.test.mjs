// The client against a small fake server that follows the contract (node:http), no browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { SoraRelayClient, MemoryStorage } from '../public/sora-relay-client.js';

/** A fake relay: tasks by clientRequestId, an event log, SSE with Last-Event-ID, and switches to break it. */
function fakeServer() {
  const state = { tasks: new Map(), byKey: new Map(), events: [], creates: 0, dropNextCreates: 0, streams: new Set(), tickets: new Set(), seq: 0 };
  const json = (res, status, data) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(status < 400 ? { success: true, data } : { success: false, code: data, message: data })); };
  const emit = (task) => {
    const ev = { id: state.events.length + 1, task: { ...task } };
    state.events.push(ev);
    for (const s of state.streams) s.write(`id: ${ev.id}\ndata: ${JSON.stringify({ type: 'taskUpdate', timestamp: Date.now(), payload: ev.task })}\n\n`);
  };
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    const url = new URL(req.url, 'http://x');
    const input = body ? JSON.parse(body) : {};
    if (url.pathname === '/api/auth/login') return json(res, 200, { token: 't0k', expiresAt: '2100-01-01T00:00:00Z', user: { id: 'u1', username: input.username } });
    if (req.headers.authorization !== 'Bearer t0k' && url.pathname !== '/api/sse/task-updates') return json(res, 401, 'unauthorized');
    if (url.pathname === '/api/relay/sora/videos') {
      state.creates++;
      if (state.dropNextCreates > 0) { state.dropNextCreates--; req.socket.destroy(); return; }
      const key = input.clientRequestId;
      if (state.byKey.has(key)) return json(res, 200, state.tasks.get(state.byKey.get(key)));
      const now = new Date(Date.now() + state.seq++).toISOString();
      const task = { videoId: `video_${state.tasks.size + 1}`, clientRequestId: key, status: 'QUEUED', progress: 0, prompt: input.prompt, createdAt: now, updatedAt: now };
      state.tasks.set(task.videoId, task);
      state.byKey.set(key, task.videoId);
      emit(task);
      return json(res, 201, task);
    }
    if (url.pathname === '/api/video/tasks/recover') {
      const tasks = input.clientRequestIds.filter((k) => state.byKey.has(k)).map((k) => state.tasks.get(state.byKey.get(k)));
      return json(res, 200, { tasks, missing: input.clientRequestIds.filter((k) => !state.byKey.has(k)) });
    }
    if (url.pathname === '/api/video/tasks/sync') {
      const seen = new Set();
      const matched = []; const unmatchedLocal = []; const duplicates = [];
      for (const l of input.localTasks) {
        const t = state.tasks.get(l.videoId) || state.tasks.get(state.byKey.get(l.clientRequestId));
        if (!t) unmatchedLocal.push(l.localId);
        else if (seen.has(t.videoId)) duplicates.push({ localId: l.localId, videoId: t.videoId });
        else { seen.add(t.videoId); matched.push({ localId: l.localId, task: t }); }
      }
      return json(res, 200, { matched, duplicates, unmatchedLocal, serverOnly: [...state.tasks.values()].filter((t) => !seen.has(t.videoId)) });
    }
    if (url.pathname === '/api/video/tasks') return json(res, 200, { tasks: [...state.tasks.values()], nextCursor: null });
    const content = url.pathname.match(/^\/api\/video\/tasks\/([^/]+)\/content$/);
    if (content && req.headers.accept === 'application/json') {
      const v = url.searchParams.get('variant');
      return json(res, 200, { videoId: content[1], url: `/api/video/results/${content[1]}?variant=${v}&expires=9&sig=s`, expiresAt: '2100-01-01T00:15:00Z' });
    }
    if (url.pathname === '/api/sse/tickets') { const t = `tk${state.tickets.size}`; state.tickets.add(t); return json(res, 201, { ticket: t }); }
    if (url.pathname === '/api/sse/task-updates') {
      if (!state.tickets.delete(url.searchParams.get('ticket'))) return json(res, 401, 'unauthorized');
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(':ok\nretry: 3000\n\n');
      const after = Number(url.searchParams.get('lastEventId') || 0);
      if (after > state.events.length) res.write(`data: ${JSON.stringify({ type: 'reset' })}\n\n`);
      else for (const ev of state.events.filter((e) => e.id > after)) res.write(`id: ${ev.id}\ndata: ${JSON.stringify({ type: 'taskUpdate', payload: ev.task })}\n\n`);
      state.streams.add(res);
      req.on('close', () => state.streams.delete(res));
      return;
    }
    json(res, 404, 'route_not_found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, state, base: `http://127.0.0.1:${server.address().port}`, emit })));
}

async function until(check, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the clientRequestId is stored before the request, and a network failure is retried with the same id', async (t) => {
  const fake = await fakeServer();
  t.after(() => { fake.server.closeAllConnections(); fake.server.close(); });
  const storage = new MemoryStorage();
  const c = new SoraRelayClient({ baseUrl: fake.base, storage, backoffMs: 5 });
  await c.login('alice', 'password-123');
  fake.state.dropNextCreates = 2;   // the first two attempts die on the wire
  const seenPending = [];
  c.subscribe((s) => { if (s.pending.length) seenPending.push(s.pending[0].clientRequestId); });
  const task = await c.createTask({ prompt: 'a cat' });
  assert.equal(fake.state.creates, 3);
  assert.equal(fake.state.tasks.size, 1, 'one task for three attempts');
  assert.equal(task.clientRequestId, seenPending[0], 'the id was persisted before the first attempt');
  assert.equal(JSON.parse(storage.getItem('soraRelay.pending')) && Object.keys(JSON.parse(storage.getItem('soraRelay.pending'))).length, 0);
});

test('a content link is asked for as JSON and answered absolute, with its expiry', async (t) => {
  const fake = await fakeServer();
  t.after(() => { fake.server.closeAllConnections(); fake.server.close(); });
  const c = new SoraRelayClient({ baseUrl: fake.base, storage: new MemoryStorage() });
  await c.login('alice', 'password-123');
  const link = await c.contentLink('video_1', 'thumbnail');
  assert.equal(link.url, `${fake.base}/api/video/results/video_1?variant=thumbnail&expires=9&sig=s`);
  assert.equal(link.expiresAt, Date.parse('2100-01-01T00:15:00Z'));
});

test('a restarted client recovers its in-flight create by clientRequestId and resubmits one that never arrived', async (t) => {
  const fake = await fakeServer();
  t.after(() => { fake.server.closeAllConnections(); fake.server.close(); });
  const storage = new MemoryStorage();
  const first = new SoraRelayClient({ baseUrl: fake.base, storage, retries: 0 });
  await first.login('bob', 'password-123');
  await first.createTask({ prompt: 'arrived' });
  // A create that the crash interrupted before it reached the server:
  storage.setItem('soraRelay.pending', JSON.stringify({ ...JSON.parse(storage.getItem('soraRelay.pending')), 'lost-key': { request: { prompt: 'lost' }, createdAt: new Date().toISOString() } }));

  const restarted = new SoraRelayClient({ baseUrl: fake.base, storage });
  await restarted.recover();
  await until(() => fake.state.byKey.has('lost-key') && restarted.snapshot().tasks.length === 2);
  assert.equal(fake.state.tasks.size, 2);
  assert.deepEqual(restarted.snapshot().tasks.map((x) => x.prompt).sort(), ['arrived', 'lost']);
  assert.equal(restarted.snapshot().pending.length, 0);
});

test('history sync drops duplicate local rows and adds tasks made elsewhere', async (t) => {
  const fake = await fakeServer();
  t.after(() => { fake.server.closeAllConnections(); fake.server.close(); });
  const c = new SoraRelayClient({ baseUrl: fake.base, storage: new MemoryStorage() });
  await c.login('carol', 'password-123');
  const made = await c.createTask({ prompt: 'here' });
  const other = new SoraRelayClient({ baseUrl: fake.base, storage: new MemoryStorage() });
  await other.login('carol', 'password-123');
  await other.createTask({ prompt: 'on another device' });
  c.tasks.set('local-dup', { ...made, videoId: 'local-dup' });   // the seed's duplicate row
  await c.recover();
  assert.deepEqual(c.snapshot().tasks.map((x) => x.prompt).sort(), ['here', 'on another device']);
});

test('live updates over fetch streams, resumed after a drop with Last-Event-ID, and a reset refetches', async (t) => {
  const fake = await fakeServer();
  t.after(() => { fake.server.closeAllConnections(); fake.server.close(); });
  const c = new SoraRelayClient({ baseUrl: fake.base, storage: new MemoryStorage() });
  t.after(() => c.stop());
  await c.login('dave', 'password-123');
  await c.start();
  await until(() => c.snapshot().connection === 'live');
  const task = await c.createTask({ prompt: 'streamed' });
  fake.emit({ ...task, status: 'PROCESSING', progress: 40, updatedAt: new Date(Date.now() + 1000).toISOString() });
  await until(() => c.tasks.get(task.videoId).progress === 40);
  for (const s of fake.state.streams) s.destroy();   // the connection drops
  fake.emit({ ...task, status: 'COMPLETED', progress: 100, updatedAt: new Date(Date.now() + 2000).toISOString() });
  await until(() => c.tasks.get(task.videoId).status === 'COMPLETED', 8000);
  assert.equal(c.lastEventId, fake.state.events.length);

  c.stop();
  c.lastEventId = 999;   // older than the server's log knows: reset → refetch
  c.tasks.clear();
  c.stopped = false;
  c.connect();
  await until(() => c.tasks.size === 1, 8000);
});
