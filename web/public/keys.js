// The API keys page: create (the secret is shown once, with a copy button), list, revoke.
import { $, cell, rowButton, showIn, when } from './ui.js';

export function mountKeys(client) {
  const error = $('keys-error');

  async function load() {
    try {
      const { keys } = await client.request('GET', '/api/keys');
      $('keys').tBodies[0].replaceChildren(...keys.map(row));
      showIn(error, null);
    } catch (e) { showIn(error, e); }
  }

  function row(k) {
    const tr = document.createElement('tr');
    tr.dataset.keyId = k.id;
    const status = k.revokedAt ? 'revoked' : (k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active');
    const actions = document.createElement('td');
    if (status === 'active') {
      actions.append(rowButton('Revoke', `Revoke ${k.name}`, async () => {
        try { await client.request('DELETE', `/api/keys/${k.id}`); await load(); } catch (e) { showIn(error, e); }
      }));
    }
    tr.append(cell(k.name), cell(k.prefix + '…'), cell(k.scopes.join(', ')), cell(when(k.lastUsedAt) || 'never'), cell(status), actions);
    return tr;
  }

  $('key-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = $('key-name').value.trim();
    if (!name) { error.textContent = 'Key name is required.'; error.hidden = false; return; }
    try {
      const made = await client.request('POST', '/api/keys', { body: { name } });
      $('new-key-value').value = made.key;
      $('copy-status').textContent = '';
      $('new-key').hidden = false;
      $('key-name').value = '';
      await load();
    } catch (e) { showIn(error, e); }
  });

  $('copy-key').addEventListener('click', async () => {
    const input = $('new-key-value');
    let copied = false;
    try { await navigator.clipboard.writeText(input.value); copied = true; } catch {
      input.select();
      copied = document.execCommand('copy');
    }
    $('copy-status').textContent = copied ? 'Copied to the clipboard.' : 'Select the key and copy it yourself.';
  });

  return {
    show: load,
    /** Leaving the page forgets the secret shown: it is never shown again. */
    hide: () => { $('new-key-value').value = ''; $('new-key').hidden = true; },
  };
}
