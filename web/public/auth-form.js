// The sign-in form. Before anything is sent it checks the constraints written in the markup (required, lengths,
// pattern), so Register and Log in refuse the same things; a refusal by the server (wrong credentials, name taken,
// password rules) is shown in its own words next to the form, not as a generic "log in again".
import { ApiError } from './sora-relay-client.js';

const NAMES = { username: 'Username', password: 'Password' };

/** A server message ("wrong username or password") as a sentence to show. */
export const sentence = (s) => {
  const t = String(s).trim();
  return t ? t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.') : t;
};

/** The first problem with {@code input} under its markup's constraints, in words, or null. */
function problem(input) {
  const name = NAMES[input.name] || input.name;
  const value = input.value;
  if (input.required && value === '') return `${name} is required.`;
  // Lengths are compared here rather than read from validity: the browser's tooShort only counts typed text.
  if (input.minLength > 0 && value.length < input.minLength) return `${name} must be at least ${input.minLength} characters.`;
  if (input.maxLength > 0 && value.length > input.maxLength) return `${name} must be at most ${input.maxLength} characters.`;
  if (input.validity.patternMismatch) {
    const hint = document.getElementById(input.getAttribute('aria-describedby') || '');
    return hint ? `${name}: ${hint.textContent.trim()}.` : `${name} has characters that are not allowed.`;
  }
  return null;
}

/** What the form shows for a refused register or login. */
export function authMessage(e) {
  if (!(e instanceof ApiError)) return 'Cannot reach the server. Check your connection and try again.';
  if (e.status === 429) return 'Too many attempts; wait a moment and try again.';
  if (e.status >= 500) return 'The service is busy or restarting; try again in a moment.';
  return sentence(e.message);
}

/**
 * Wires the form: its submit buttons carry {@code value="login"} or {@code value="register"}; {@code actions} has an
 * async function of that name taking (username, password).
 */
export function bindAuthForm(form, errorBox, actions) {
  const inputs = [...form.querySelectorAll('input')];
  const buttons = [...form.querySelectorAll('button')];
  const show = (message, field) => {
    for (const i of inputs) i.removeAttribute('aria-invalid');
    errorBox.textContent = message || '';
    errorBox.hidden = !message;
    if (field) { field.setAttribute('aria-invalid', 'true'); field.focus(); }
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // Enter in a field submits with the first submit button, Log in.
    const action = ev.submitter && ev.submitter.value === 'register' ? 'register' : 'login';
    for (const input of inputs) {
      const p = problem(input);
      if (p) return show(p, input);
    }
    for (const b of buttons) b.disabled = true;
    try {
      await actions[action](form.elements.username.value, form.elements.password.value);
      show(null);
    } catch (e) {
      const field = e instanceof ApiError && e.details && e.details.field;
      show(authMessage(e), inputs.find((i) => i.name === field));
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  });
}
