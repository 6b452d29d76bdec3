import { api, ApiError, type SessionInfo } from '../api.js';
import { h } from '../dom.js';
import { field, inputValue, messageArea } from '../forms.js';
import { type Page } from '../router.js';

/** Only paths of this UI are followed after sign-in (never another site). */
function safeNext(next: string | null): string {
  // /admin leads to the first page the admin's role allows.
  return next !== null && /^\/admin(\/[\w\-/.?=&%]*)?$/.test(next) && !next.startsWith('/admin/sign-in') ? next : '/admin';
}

export function signInPage(options: { readonly query: URLSearchParams; readonly signedIn: (session: SessionInfo, next: string) => void }): Page {
  const messages = messageArea();
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in', novalidate: true },
    h('h1', {}, 'Welcome, please sign in'),
    messages.element,
    field({ name: 'username', label: 'Username', required: true, autocomplete: 'username' }),
    field({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = inputValue(form, 'username');
    const password = inputValue(form, 'password');
    const missing = [username === '' ? 'username' : null, password === '' ? 'password' : null].filter((name) => name !== null);
    if (missing.length > 0) {
      messages.show('error', `Enter your ${missing.join(' and ')}.`);
      form.querySelector<HTMLInputElement>(`[name="${missing[0]}"]`)?.focus();
      return;
    }
    submit.disabled = true;
    void api
      .signIn(username, password)
      .then((session) => options.signedIn(session, safeNext(options.query.get('next'))))
      .catch((error: unknown) => {
        messages.show('error', error instanceof ApiError ? error.message : 'Sign-in failed.');
        const passwordInput = form.querySelector<HTMLInputElement>('[name="password"]');
        if (passwordInput !== null) {
          passwordInput.value = '';
          passwordInput.focus();
        }
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return { title: 'Sign in', content: h('div', { class: 'sign-in-wrap' }, h('p', { class: 'brand-large' }, 'Portcullis'), form) };
}
