// The admin section (users, tasks, channels, usage, audit log): shown to admins only; the server refuses anyone else anyway.
import { $, cell, rowButton, showIn, when } from './ui.js';
import { mountChannels } from './admin-channels.js';

export function mountAdmin(client) {
  const error = $('admin-error');
  const act = (work) => async () => {
    try { await work(); showIn(error, null); } catch (e) { showIn(error, e); }
  };

  async function users() {
    const q = $('admin-user-search').value.trim();
    const { users: list } = await client.request('GET', `/api/admin/users?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`);
    $('admin-users').tBodies[0].replaceChildren(...list.map((u) => {
      const tr = document.createElement('tr');
      const actions = document.createElement('td');
      const admin = u.role === 'admin';
      actions.append(
        rowButton(admin ? 'Remove admin' : 'Make admin', `${admin ? 'Remove admin from' : 'Make admin'} ${u.username}`,
          act(async () => { await client.request('POST', `/api/admin/users/${u.id}/role`, { body: { role: admin ? 'user' : 'admin' } }); await users(); })),
        rowButton(u.disabled ? 'Enable' : 'Disable', `${u.disabled ? 'Enable' : 'Disable'} ${u.username}`,
          act(async () => { await client.request('POST', `/api/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`, { body: {} }); await users(); })),
        rowButton('Credits', `Adjust credits of ${u.username}`, act(async () => {
          const amount = window.prompt(`Credits to add to ${u.username} (negative to take away)`, '100');
          if (!amount) return;
          const reason = window.prompt('Reason (kept in the ledger and the audit log)', '');
          if (reason === null) return;
          await client.request('POST', `/api/admin/users/${u.id}/credits`, { body: { amount: Number(amount), reason } });
        })));
      tr.append(cell(u.username), cell(u.role), cell(u.disabled ? 'disabled' : 'enabled'), actions);
      return tr;
    }));
  }

  async function tasks() {
    const status = $('admin-task-status').value;
    const { tasks: list } = await client.request('GET', `/api/admin/tasks?limit=100${status ? `&status=${status}` : ''}`);
    $('admin-tasks').tBodies[0].replaceChildren(...list.map((t) => {
      const tr = document.createElement('tr');
      const actions = document.createElement('td');
      if (t.status === 'QUEUED' || t.status === 'PROCESSING') {
        actions.append(rowButton('Fail', `Fail task ${t.videoId}`, act(async () => {
          const reason = window.prompt('Why fail this task? (the owner sees it)', 'stuck');
          if (!reason) return;
          await client.request('POST', `/api/admin/tasks/${t.videoId}/fail`, { body: { reason } });
          await tasks();
        })));
      }
      tr.append(cell(t.videoId), cell(t.userId), cell(t.model), cell(t.status), cell(when(t.createdAt)), actions);
      return tr;
    }));
  }

  async function usage() {
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - 30 * 24 * 3600 * 1000);
    const groupBy = $('admin-usage-group').value;
    const report = await client.request('GET',
      `/api/admin/usage?from=${from.toISOString()}&to=${to.toISOString()}&groupBy=${groupBy}`);
    $('admin-usage').tBodies[0].replaceChildren(...report.rows.map((r) => {
      const tr = document.createElement('tr');
      tr.append(cell(r.key), cell(r.tasks), cell(r.completed), cell(r.failed), cell(r.seconds));
      return tr;
    }));
  }

  async function audit() {
    const { entries } = await client.request('GET', '/api/admin/audit?limit=100');
    $('admin-audit').tBodies[0].replaceChildren(...entries.map((e) => {
      const tr = document.createElement('tr');
      tr.append(cell(when(e.at)), cell(e.actor), cell(e.action), cell(e.target), cell(e.before), cell(e.after), cell(e.reason || ''));
      return tr;
    }));
  }

  const onSubmit = (id, work) => $(id).addEventListener('submit', (ev) => { ev.preventDefault(); act(work)(); });
  onSubmit('admin-users-form', users);
  onSubmit('admin-tasks-form', tasks);
  onSubmit('admin-usage-form', usage);
  $('admin-audit-refresh').addEventListener('click', act(audit));
  const channels = mountChannels(client, act);

  return { show: act(async () => { await Promise.all([users(), tasks(), channels(), usage(), audit()]); }) };
}
