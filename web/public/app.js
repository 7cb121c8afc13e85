// The dashboard: everything it knows comes from the SoraRelayClient store; the DOM is redrawn from it.
import { SoraRelayClient, ApiError } from './sora-relay-client.js';
import { bindAuthForm, sentence } from './auth-form.js';
import { mountKeys } from './keys.js';
import { mountAdmin } from './admin.js';

const client = new SoraRelayClient({ baseUrl: '' });
const $ = (id) => document.getElementById(id);
const videoUrls = new Map();   // videoId -> signed links of its video and thumbnail, or 'loading'
let catalogue = null;
let creating = false;
let nodes = new Map();     // render key -> <li>
let loaded = false;        // the history has been fetched once: an empty list then means "no videos"
let page = 'videos';       // videos | keys | admin
let isAdmin = false;
const keysPage = mountKeys(client);
const adminPage = mountAdmin(client);

function plain(e) {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'Your session has ended. Please log in again.';
    if (e.status === 429) return 'You are creating videos too fast; wait a moment and try again.';
    if (e.status === 503) return 'The service is busy or restarting; your request is kept and will be retried.';
    return sentence(e.message);
  }
  return 'Cannot reach the server. Check your connection; nothing was lost.';
}

function showError(e) {
  // A 401 has logged the client out and hidden the studio: the message goes to the box the user now sees.
  for (const el of [$('error'), $('auth-error')]) { el.textContent = ''; el.hidden = true; }
  if (!e) return;
  const el = client.loggedIn ? $('error') : $('auth-error');
  el.textContent = plain(e);
  el.hidden = false;
}

function elapsed(task) {
  const end = task.completedAt ? Date.parse(task.completedAt) : (['FAILED', 'CANCELLED'].includes(task.status) ? Date.parse(task.updatedAt) : Date.now());
  const s = Math.max(0, Math.round((end - Date.parse(task.createdAt)) / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

function button(label, onClick, cls = 'secondary') {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = cls;
  b.addEventListener('click', async () => {
    b.disabled = true;
    try { await onClick(); showError(null); } catch (e) { showError(e); } finally { b.disabled = false; }
  });
  return b;
}

function lineage(task, byId) {
  const chain = [];
  let t = task;
  while (t && (t.remixedFrom || t.retryOf) && chain.length < 10) {
    const parent = t.remixedFrom || t.retryOf;
    chain.push(`${t.remixedFrom ? 'remix of' : 'retry of'} “${(byId.get(parent) || { prompt: parent }).prompt.slice(0, 40)}”`);
    t = byId.get(parent);
  }
  return chain.join(' ← ');
}

async function attachVideo(li, task) {
  const known = videoUrls.get(task.videoId);
  // Signed links expire (docs/results.md): a new pair is fetched a minute before, and the next render plays it.
  if (!known || (known !== 'loading' && known.expiresAt - 60_000 < Date.now())) {
    videoUrls.set(task.videoId, 'loading');
    try {
      const [video, thumb] = await Promise.all([client.contentLink(task.videoId, 'video'), client.contentLink(task.videoId, 'thumbnail')]);
      videoUrls.set(task.videoId, { video: video.url, thumb: thumb.url, expiresAt: Math.min(video.expiresAt, thumb.expiresAt) });
      render(client.snapshot());
    } catch (e) {
      videoUrls.delete(task.videoId);
      showError(e);
    }
  }
}

/**
 * A bar while the task can still move; once it failed or was cancelled, the outcome in words instead. A figure the relay
 * estimated (the provider reports none: `progressEstimated`) is shown as such: "~40 %" beside the bar, and said so to
 * assistive technology.
 */
function progressOrOutcome(task) {
  if (task.status === 'FAILED' || task.status === 'CANCELLED') {
    const p = document.createElement('p');
    p.className = `outcome ${task.status}`;
    const reason = task.error && (task.error.message || task.error.code);
    p.textContent = task.status === 'FAILED' ? `Failed${reason ? `: ${reason}` : ''}` : 'Cancelled';
    return p;
  }
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = task.progress || 0;
  bar.setAttribute('aria-label', `Progress of “${task.prompt.slice(0, 60)}”`);
  if (!task.progressEstimated) return bar;
  const value = Math.round(task.progress || 0);
  bar.setAttribute('aria-label', `Estimated progress of “${task.prompt.slice(0, 60)}”`);
  bar.setAttribute('aria-valuetext', `about ${value} % (estimated)`);
  const wrap = document.createElement('span');
  wrap.className = 'progress estimated';
  const figure = document.createElement('span');
  figure.className = 'estimate';
  figure.textContent = `~${value} %`;
  figure.title = 'Estimated from the time the model usually takes: this provider reports no progress';
  figure.setAttribute('aria-hidden', 'true');
  wrap.append(bar, figure);
  return wrap;
}

function taskItem(task, byId) {
  const li = document.createElement('li');
  li.className = 'task';
  li.dataset.videoId = task.videoId || '';
  li.dataset.status = task.status;
  const head = document.createElement('div');
  head.className = 'head';
  const prompt = document.createElement('span');
  prompt.className = 'prompt';
  prompt.textContent = task.prompt;
  const badge = document.createElement('span');
  badge.className = `badge ${task.status}`;
  badge.textContent = task.status;
  const time = document.createElement('span');
  time.className = 'elapsed';
  time.textContent = task.createdAt ? elapsed(task) : '';
  head.append(prompt, badge, time);
  li.append(head);

  li.append(progressOrOutcome(task));
  if (task.cost && task.cost.credits !== undefined) {
    const p = document.createElement('p');
    p.className = 'cost';
    p.textContent = `Cost: ${task.cost.credits} credits${task.cost.state ? ` (${task.cost.state})` : ''}`;
    li.append(p);
  }
  const lin = lineage(task, byId);
  if (lin) { const p = document.createElement('p'); p.className = 'lineage'; p.textContent = lin; li.append(p); }
  if (task.error && task.status !== 'FAILED') { const p = document.createElement('p'); p.className = 'error'; p.textContent = task.error.message || task.error.code; li.append(p); }

  if (task.status === 'COMPLETED') {
    const media = videoUrls.get(task.videoId);
    if (media && media !== 'loading') {
      const video = document.createElement('video');
      video.controls = true;
      video.src = media.video;
      video.poster = media.thumb;
      video.setAttribute('aria-label', `Video: ${task.prompt.slice(0, 60)}`);
      const a = document.createElement('a');
      a.href = media.video;
      a.download = `${task.videoId}.mp4`;
      a.textContent = 'Download';
      a.className = 'download';
      li.append(video, a);
    } else {
      attachVideo(li, task);
    }
  }
  const actions = document.createElement('div');
  actions.className = 'actions';
  if (task.videoId && (task.status === 'QUEUED' || task.status === 'PROCESSING')) actions.append(button('Cancel', () => client.cancel(task.videoId)));
  if (task.status === 'FAILED' || task.status === 'CANCELLED') actions.append(button('Retry', () => client.retry(task.videoId)));
  if (task.status === 'COMPLETED' && task.externalTaskId) {
    actions.append(button('Remix', async () => {
      const p = window.prompt('Remix prompt', task.prompt);
      if (p) await client.remix(task.videoId, p);
    }));
  }
  li.append(actions);
  return li;
}

function render(state) {
  const loggedIn = client.loggedIn;
  if (!loggedIn) { page = 'videos'; isAdmin = false; }
  $('auth').hidden = loggedIn;
  $('pages').hidden = !loggedIn;
  $('nav-admin').hidden = !isAdmin;
  $('studio').hidden = !loggedIn || page !== 'videos';
  $('keys-page').hidden = !loggedIn || page !== 'keys';
  $('admin-page').hidden = !loggedIn || page !== 'admin';
  for (const [id, name] of [['nav-videos', 'videos'], ['nav-keys', 'keys'], ['nav-admin', 'admin']]) {
    if (name === page) $(id).setAttribute('aria-current', 'page'); else $(id).removeAttribute('aria-current');
  }
  $('logout').hidden = !loggedIn;
  const who = loggedIn ? state.user || '' : '';
  if ($('whoami').textContent !== who) { $('whoami').textContent = who; $('whoami').title = who; }
  const c = $('connection');
  // Written only on a change: the pill is a live region, and the clock re-renders every second.
  if (c.textContent !== state.connection) {
    c.textContent = state.connection;
    c.className = `connection ${state.connection}`;
  }
  const byId = new Map(state.tasks.map((t) => [t.videoId, t]));
  const list = $('tasks');
  const next = new Map();
  const item = (task) => {
    // Keyed: an unchanged task keeps its element (a playing video keeps playing); only the clock ticks.
    const media = videoUrls.get(task.videoId);
    const key = [task.videoId || task.clientRequestId, task.status, task.progress, task.progressEstimated, task.updatedAt, media ? typeof media : 'none'].join('|');
    let li = nodes.get(key);
    if (!li) li = taskItem(task, byId);
    const time = li.querySelector('.elapsed');
    if (time && task.createdAt) time.textContent = elapsed(task);
    next.set(key, li);
    return li;
  };
  const items = [
    ...state.pending.map((p) => item({ prompt: p.request.prompt, status: 'SENDING', progress: 0, createdAt: p.createdAt, clientRequestId: p.clientRequestId })),
    ...state.tasks.map(item),
  ];
  nodes = next;
  $('empty').hidden = !(loggedIn && loaded && items.length === 0);
  if (items.length !== list.children.length || items.some((el, i) => list.children[i] !== el)) list.replaceChildren(...items);
}

function fillCatalogue() {
  const model = $('model');
  model.replaceChildren(...catalogue.models.map((m) => new Option(m.name, m.name, m.name === catalogue.defaultModel, m.name === catalogue.defaultModel)));
  const pick = () => {
    const m = catalogue.models.find((x) => x.name === model.value);
    $('seconds').replaceChildren(...m.seconds.map((s) => new Option(s, s)));
    $('size').replaceChildren(...m.sizes.map((s) => new Option(s, s)));
  };
  model.onchange = pick;
  pick();
}

/** Balance, held and spent from /api/account where the server has it; the admin section for admins only. */
async function refreshAccount() {
  let account = null;
  try { account = await client.request('GET', '/api/account'); } catch (e) { if (!(e instanceof ApiError) || e.status === 401) throw e; }
  const credits = account && account.balance !== undefined;
  $('credits').hidden = !credits;
  if (credits) {
    $('credits-balance').textContent = String(account.balance);
    $('credits-held').textContent = String(account.held ?? 0);
    $('credits-spent').textContent = String(account.spent ?? 0);
  }
  if (account && account.role) isAdmin = account.role === 'admin';
  else {
    // A server without /api/account's role: the admin API itself says whether this caller may use it.
    try { await client.request('GET', '/api/admin/users?limit=1'); isAdmin = true; } catch (e) { if (e instanceof ApiError && e.status !== 401) isAdmin = false; else throw e; }
  }
  render(client.snapshot());
}

function go(next) {
  if (page === 'keys' && next !== 'keys') keysPage.hide();
  page = next;
  render(client.snapshot());
  if (next === 'keys') keysPage.show();
  if (next === 'admin') adminPage.show();
  if (next === 'videos') refreshAccount().catch(showError);
}

$('nav-videos').addEventListener('click', () => go('videos'));
$('nav-keys').addEventListener('click', () => go('keys'));
$('nav-admin').addEventListener('click', () => go('admin'));

async function enter() {
  render(client.snapshot());
  refreshAccount().catch(showError);
  try {
    catalogue = await client.models();
    fillCatalogue();
    await client.start();
    loaded = true;
    render(client.snapshot());
  } catch (e) {
    showError(e);
  }
}

// enter() is not awaited: the form is done once the token is in hand, and enter() reports its own errors.
bindAuthForm($('auth-form'), $('auth-error'), {
  login: async (name, password) => { await client.login(name, password); showError(null); enter(); },
  register: async (name, password) => { await client.register(name, password); await client.login(name, password); showError(null); enter(); },
});

$('logout').addEventListener('click', () => { loaded = false; keysPage.hide(); showError(null); client.logout(); });

$('image').addEventListener('change', () => {
  const f = $('image').files[0];
  const img = $('image-preview');
  if (f) { img.src = URL.createObjectURL(f); img.hidden = false; } else { img.hidden = true; }
});

$('create-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (creating) return;            // a double click makes one task
  creating = true;
  $('generate').disabled = true;
  const prompt = $('prompt').value;
  try {
    await client.createTask({ prompt, model: $('model').value, seconds: $('seconds').value, size: $('size').value }, $('image').files[0]);
    if ($('prompt').value === prompt) $('prompt').value = '';   // keep what was typed meanwhile
    showError(null);
  } catch (e) {
    showError(e);
  } finally {
    creating = false;
    $('generate').disabled = false;
  }
});

client.subscribe(render);
setInterval(() => render(client.snapshot()), 1000);   // elapsed times
if (client.loggedIn) enter();
