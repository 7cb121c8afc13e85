// sora-relay-client: a plain ES module client of the Sora Relay API, for browsers and Node >= 20.
//
// - createTask() generates a clientRequestId and persists it (with the request) BEFORE sending, and
//   retries network failures with the same id, so a crash or a reload never makes a second task.
// - start() recovers unfinished local tasks by clientRequestId, merges the server's history, and
//   keeps an SSE stream open (ticket auth, Last-Event-ID, backoff, `reset` handling).
// - The task list is an observable store: subscribe(listener) receives the tasks on every change.

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** A storage with the localStorage interface kept in memory (Node, tests). */
export class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

export class ApiError extends Error {
  /** @param body the error envelope; its {@code error} object is the contract's, the top-level copies a convenience */
  constructor(status, body) {
    const error = (body && body.error) || body || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code;
    this.details = error.details;
    this.body = body;
  }
}

function randomId() {
  if (globalThis.crypto && globalThis.crypto.randomUUID) return globalThis.crypto.randomUUID();
  return 'id-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class SoraRelayClient {
  /**
   * @param {object} options
   * @param {string} [options.baseUrl] server origin ('' = same origin)
   * @param {Storage} [options.storage] localStorage or a MemoryStorage
   * @param {typeof fetch} [options.fetch]
   * @param {number} [options.retries] network retries per request
   */
  constructor({ baseUrl = '', storage, fetch: fetchImpl, retries = 4, backoffMs = 500 } = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.storage = storage || (globalThis.localStorage ? globalThis.localStorage : new MemoryStorage());
    this.fetch = fetchImpl || globalThis.fetch.bind(globalThis);
    this.retries = retries;
    this.backoffMs = backoffMs;
    this.token = this.storage.getItem('soraRelay.token');
    this.tasks = new Map();           // videoId -> task
    this.pending = this.loadPending(); // clientRequestId -> {request, createdAt}
    this.listeners = new Set();
    this.connection = 'offline';
    this.lastEventId = Number(this.storage.getItem('soraRelay.lastEventId') || 0) || null;
    this.stream = null;
    this.stopped = true;
  }

  // ---- observable store ----------------------------------------------------------------------
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  snapshot() {
    const tasks = [...this.tasks.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const known = new Set(tasks.map((t) => t.clientRequestId).filter(Boolean));
    const pending = [...this.pending.entries()].filter(([id]) => !known.has(id)).map(([id, p]) => ({ clientRequestId: id, ...p }));
    return { tasks, pending, connection: this.connection, user: this.storage.getItem('soraRelay.user') };
  }

  emit() { const s = this.snapshot(); for (const l of this.listeners) l(s); }

  setConnection(state) { if (this.connection !== state) { this.connection = state; this.emit(); } }

  upsert(task) {
    const old = this.tasks.get(task.videoId);
    // Never go backwards: an older copy (a late replay) does not replace a newer one.
    if (old && old.updatedAt > task.updatedAt) return;
    this.tasks.set(task.videoId, task);
    if (task.clientRequestId && this.pending.has(task.clientRequestId)) {
      this.pending.delete(task.clientRequestId);
      this.savePending();
    }
    this.emit();
  }

  // ---- HTTP ----------------------------------------------------------------------------------
  async request(method, path, { body, headers = {}, raw = false, auth = true } = {}) {
    let attempt = 0;
    for (;;) {
      let res;
      try {
        const h = { ...headers };
        if (auth && this.token) h.Authorization = `Bearer ${this.token}`;
        let payload = body;
        if (body !== undefined && !(body instanceof FormData)) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
        res = await this.fetch(this.baseUrl + path, { method, headers: h, body: payload });
      } catch (networkError) {
        if (attempt++ >= this.retries) throw networkError;
        await sleep(this.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if ((res.status === 502 || res.status === 503) && attempt++ < this.retries) {
        const after = Number(res.headers.get('Retry-After')) || 1;
        await sleep(Math.min(after * 1000, 10000));
        continue;
      }
      if (raw) return res;
      const text = await res.text();
      const json = text ? JSON.parse(text) : null;
      if (!res.ok) {
        if (res.status === 401 && auth) this.logout(false);
        throw new ApiError(res.status, json);
      }
      return json ? json.data : null;
    }
  }

  // ---- auth ----------------------------------------------------------------------------------
  async register(username, password) {
    return this.request('POST', '/api/auth/register', { body: { username, password }, auth: false });
  }

  async login(username, password) {
    const data = await this.request('POST', '/api/auth/login', { body: { username, password }, auth: false });
    this.token = data.token;
    this.storage.setItem('soraRelay.token', data.token);
    this.storage.setItem('soraRelay.user', data.user.username);
    this.emit();
    return data;
  }

  logout(clear = true) {
    this.stop();
    this.token = null;
    this.storage.removeItem('soraRelay.token');
    this.storage.removeItem('soraRelay.user');
    if (clear) {
      this.tasks.clear();
      this.pending.clear();
      this.savePending();
      this.storage.removeItem('soraRelay.lastEventId');
      this.lastEventId = null;
    }
    this.emit();
  }

  get loggedIn() { return Boolean(this.token); }

  // ---- creating ------------------------------------------------------------------------------
  loadPending() {
    try { return new Map(Object.entries(JSON.parse(this.storage.getItem('soraRelay.pending') || '{}'))); } catch { return new Map(); }
  }

  savePending() { this.storage.setItem('soraRelay.pending', JSON.stringify(Object.fromEntries(this.pending))); }

  /**
   * Creates a task. The clientRequestId is stored with the request before anything is sent; a retry
   * (this call's, or a later page's) sends the same id, so the server makes one task.
   * @param {{prompt:string, model?:string, seconds?:string, size?:string}} request
   * @param {Blob} [image] reference image
   */
  async createTask(request, image) {
    const clientRequestId = randomId();
    this.pending.set(clientRequestId, { request, createdAt: new Date().toISOString() });
    this.savePending();
    this.emit();
    return this.submitPending(clientRequestId, image);
  }

  async submitPending(clientRequestId, image) {
    const { request } = this.pending.get(clientRequestId);
    let body;
    if (image) {
      body = new FormData();
      for (const [k, v] of Object.entries(request)) if (v !== undefined && v !== '') body.append(k, v);
      body.append('clientRequestId', clientRequestId);
      body.append('input_reference', image, image.name || 'reference');
    } else {
      body = { ...request, clientRequestId };
    }
    try {
      const task = await this.request('POST', '/api/relay/sora/videos', { body });
      this.upsert(task);
      return task;
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 409 && e.status !== 429) {
        // The server refused it for good: nothing to recover.
        this.pending.delete(clientRequestId);
        this.savePending();
        this.emit();
      }
      throw e;
    }
  }

  async remix(videoId, prompt) { const t = await this.request('POST', `/api/video/tasks/${videoId}/remix`, { body: { prompt, clientRequestId: randomId() } }); this.upsert(t); return t; }
  async cancel(videoId) { const t = await this.request('POST', `/api/video/tasks/${videoId}/cancel`, { body: {} }); this.upsert(t); return t; }
  async retry(videoId) { const t = await this.request('POST', `/api/video/tasks/${videoId}/retry`, { body: { clientRequestId: randomId() } }); this.upsert(t); return t; }
  async models() { return this.request('GET', '/api/models'); }

  /** The video (or thumbnail) as a Blob, fetched with the token (a <video> element cannot send headers). */
  async content(videoId, variant = 'video') {
    const res = await this.request('GET', `/api/video/tasks/${videoId}/content?variant=${variant}`, { raw: true });
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    return res.blob();
  }

  /**
   * A signed, short-lived link to the video (or thumbnail) that a <video src> or <img src> plays without a header:
   * { url, expiresAt } with url absolute. The browser then streams it with ranges instead of holding a Blob.
   */
  async contentLink(videoId, variant = 'video') {
    const data = await this.request('GET', `/api/video/tasks/${videoId}/content?variant=${variant}`, { headers: { Accept: 'application/json' } });
    return { url: new URL(data.url, this.baseUrl || globalThis.location?.href).href, expiresAt: Date.parse(data.expiresAt) };
  }

  // ---- recovery and sync ---------------------------------------------------------------------
  /** Re-attaches unfinished local creates (by clientRequestId), resubmits lost ones, and merges history. */
  async recover() {
    const ids = [...this.pending.keys()];
    if (ids.length) {
      const r = await this.request('POST', '/api/video/tasks/recover', { body: { clientRequestIds: ids.slice(0, 100) } });
      for (const t of r.tasks) this.upsert(t);
      for (const missing of r.missing) {
        // Never reached the server: send it again, with the same id.
        this.submitPending(missing).catch(() => {});
      }
    }
    const localTasks = [...this.tasks.values()].map((t) => ({ localId: t.videoId, videoId: t.videoId, clientRequestId: t.clientRequestId || undefined }));
    const merged = await this.request('POST', '/api/video/tasks/sync', { body: { localTasks: localTasks.slice(0, 500) } });
    for (const m of merged.matched) this.upsert(m.task);
    for (const d of merged.duplicates) this.tasks.delete(d.localId);
    for (const t of merged.serverOnly) this.upsert(t);
    for (const gone of merged.unmatchedLocal) this.tasks.delete(gone);
    this.emit();
  }

  async refetch() {
    const page = await this.request('GET', '/api/video/tasks?limit=100');
    this.tasks.clear();
    for (const t of page.tasks) this.tasks.set(t.videoId, t);
    this.emit();
  }

  // ---- live updates --------------------------------------------------------------------------
  async start() {
    this.stopped = false;
    await this.recover();
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.stream) this.stream.close();
    this.stream = null;
    this.setConnection('offline');
  }

  onEvent(id, data) {
    if (id != null) {
      this.lastEventId = id;
      this.storage.setItem('soraRelay.lastEventId', String(id));
    }
    if (data.type === 'taskUpdate') this.upsert(data.payload);
    else if (data.type === 'reset') this.refetch().catch(() => {});
  }

  async connect(attempt = 0) {
    if (this.stopped || !this.token) return;
    this.setConnection('connecting');
    try {
      const { ticket } = await this.request('POST', '/api/sse/tickets', { body: {} });
      const q = `ticket=${encodeURIComponent(ticket)}` + (this.lastEventId != null ? `&lastEventId=${this.lastEventId}` : '');
      const url = `${this.baseUrl}/api/sse/task-updates?${q}`;
      this.stream = typeof EventSource !== 'undefined' ? this.browserStream(url) : this.fetchStream(url);
    } catch (e) {
      this.setConnection('offline');
      if (e instanceof ApiError && e.status === 401) return;
      setTimeout(() => this.connect(attempt + 1), Math.min(30000, 500 * 2 ** attempt));
    }
  }

  reconnect() {
    if (this.stream) this.stream.close();
    this.stream = null;
    this.setConnection('offline');
    if (!this.stopped) setTimeout(() => this.connect(1), 1000);
  }

  browserStream(url) {
    const es = new EventSource(url);
    es.onopen = () => this.setConnection('live');
    es.onmessage = (m) => this.onEvent(m.lastEventId ? Number(m.lastEventId) : null, JSON.parse(m.data));
    // EventSource would retry with the same (now used) ticket: take over with a fresh one.
    es.onerror = () => this.reconnect();
    return { close: () => es.close() };
  }

  fetchStream(url) {
    const controller = new AbortController();
    (async () => {
      const res = await this.fetch(url, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
      if (!res.ok) throw new Error(`stream ${res.status}`);
      this.setConnection('live');
      const decoder = new TextDecoder();
      let buffer = '';
      let id = null;
      let data = [];
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (data.length) this.onEvent(id, JSON.parse(data.join('\n')));
            id = null; data = [];
          } else if (line.startsWith('id:')) id = Number(line.slice(3).trim());
          else if (line.startsWith('data:')) data.push(line.slice(5).trim());
        }
      }
      throw new Error('stream ended');
    })().catch(() => { if (!controller.signal.aborted) this.reconnect(); });
    return { close: () => controller.abort() };
  }

  static isTerminal(task) { return TERMINAL.has(task.status); }
}
