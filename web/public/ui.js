// Small DOM helpers the keys page and the admin section share.
import { ApiError } from './sora-relay-client.js';
import { sentence } from './auth-form.js';

export const $ = (id) => document.getElementById(id);

/** A table cell holding {@code text} (never HTML). */
export function cell(text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '—' : String(text);
  return td;
}

/** A row button whose accessible name says what it acts on ("Revoke ci"), while it shows a short label. */
export function rowButton(label, name, onClick, cls = 'secondary') {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = label;
  b.setAttribute('aria-label', name);
  b.addEventListener('click', onClick);
  return b;
}

/** Shows the error of a refused request in {@code box} (hidden when {@code e} is null). */
export function showIn(box, e) {
  if (!e) { box.textContent = ''; box.hidden = true; return; }
  box.textContent = e instanceof ApiError ? sentence(e.message) : 'Cannot reach the server. Check your connection.';
  box.hidden = false;
}

/** A local date and time, short. */
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : null);
