// The admin section's channels: list, enable/disable, and a test call to each channel's upstream.
import { $, cell, rowButton } from './ui.js';

export function mountChannels(client, act) {
  const result = $('admin-channel-result');

  async function channels() {
    const { channels: list } = await client.request('GET', '/api/admin/channels');
    $('admin-channels').tBodies[0].replaceChildren(...list.map((c) => {
      const tr = document.createElement('tr');
      const actions = document.createElement('td');
      actions.append(
        rowButton(c.enabled ? 'Disable' : 'Enable', `${c.enabled ? 'Disable' : 'Enable'} channel ${c.id}`,
          act(async () => { await client.request('POST', `/api/admin/channels/${c.id}/${c.enabled ? 'disable' : 'enable'}`, { body: {} }); await channels(); })),
        rowButton('Test', `Test channel ${c.id}`, act(async () => {
          result.textContent = `Testing ${c.id}…`;
          const t = await client.request('POST', `/api/admin/channels/${c.id}/test`, { body: {} });
          result.textContent = t.ok ? `${c.id}: ok in ${t.latencyMs} ms` : `${c.id}: failed (${t.error}) after ${t.latencyMs} ms`;
        })));
      tr.append(cell(c.id), cell(c.provider), cell(c.baseUrl), cell(Object.keys(c.models).sort().join(', ')), cell(c.priority),
        cell(c.enabled ? 'enabled' : 'disabled'), actions);
      return tr;
    }));
  }

  $('admin-channels-refresh').addEventListener('click', act(channels));
  return channels;
}
