import { api, ApiError, whenSessionEnds } from './api.js';
import { h, replaceChildren } from './dom.js';
import { messageArea } from './forms.js';
import { integrationEditPage } from './pages/integration-edit.js';
import { integrationsGridPage } from './pages/integrations-grid.js';
import { adminUserEditPage, adminUsersPage } from './pages/admin-users.js';
import { roleEditPage, rolesPage } from './pages/roles.js';
import { signInPage } from './pages/sign-in.js';
import { Router, type Flash, type PageContext } from './router.js';

/** The admin web UI: one page at /admin that routes itself over the admin REST API. */

const router = new Router()
  .add('/admin/integrations', integrationsGridPage)
  .add('/admin/integrations/new', integrationEditPage)
  .add('/admin/integrations/:id', integrationEditPage)
  .add('/admin/roles', rolesPage)
  .add('/admin/roles/new', roleEditPage)
  .add('/admin/roles/:id', roleEditPage)
  .add('/admin/users', adminUsersPage)
  .add('/admin/users/new', adminUserEditPage)
  .add('/admin/users/:id', adminUserEditPage);

const NAV = [
  { path: '/admin/integrations', label: 'Integrations' },
  { path: '/admin/roles', label: 'User Roles' },
  { path: '/admin/users', label: 'All Users' },
] as const;

const root = document.getElementById('app') as HTMLElement;
let username: string | null = null;
let pendingFlash: Flash | null = null;
let renderCount = 0;
/** After an in-page navigation, focus moves to the new page's heading (as a page load would announce it). */
let focusHeading = false;

function navigate(path: string, flash?: Flash): void {
  pendingFlash = flash ?? null;
  focusHeading = true;
  history.pushState(null, '', path);
  void render();
}

whenSessionEnds(() => {
  if (username === null) return;
  username = null;
  const next = location.pathname + location.search;
  history.replaceState(null, '', `/admin/sign-in?next=${encodeURIComponent(next)}`);
  pendingFlash = { kind: 'notice', text: 'Your session has ended. Please sign in again.' };
  void render();
});

async function render(): Promise<void> {
  const mine = ++renderCount;
  if (username === null) {
    try {
      username = (await api.session()).username ?? null;
    } catch {
      username = null;
    }
  }
  let path = location.pathname.replace(/\/+$/, '');
  if (username === null) {
    if (path !== '/admin/sign-in') {
      history.replaceState(null, '', `/admin/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
    }
    const page = signInPage({
      query: new URLSearchParams(location.search),
      signedIn: (name, next) => {
        username = name;
        navigate(next);
      },
    });
    document.title = `${page.title} · Portcullis`;
    const messages = messageArea();
    if (pendingFlash !== null) messages.show(pendingFlash.kind, pendingFlash.text);
    pendingFlash = null;
    replaceChildren(root, h('main', { id: 'main', class: 'sign-in-main', tabindex: '-1' }, messages.element, page.content));
    root.querySelector<HTMLInputElement>('input')?.focus();
    return;
  }
  if (path === '/admin' || path === '/admin/sign-in' || path === '') {
    path = '/admin/integrations';
    history.replaceState(null, '', path);
  }
  const messages = messageArea();
  // Busy until the page's data is in: assistive technology (and the browser tests) wait for it.
  const main = h('main', { id: 'main', tabindex: '-1', 'aria-busy': 'true' }, messages.element);
  replaceChildren(root, shell(path), main);
  if (pendingFlash !== null) messages.show(pendingFlash.kind, pendingFlash.text);
  pendingFlash = null;
  const context: PageContext = {
    params: {},
    query: new URLSearchParams(location.search),
    navigate,
    flash: (flash) => {
      messages.show(flash.kind, flash.text);
      messages.element.scrollIntoView({ block: 'nearest' });
    },
    setQuery: (query) => {
      const text = query.toString();
      history.pushState(null, '', `${location.pathname}${text === '' ? '' : `?${text}`}`);
      void render();
    },
  };
  let found: ReturnType<Router['match']> = null;
  try {
    found = router.match(path);
  } catch {
    found = null; // a malformed escape in the path
  }
  if (found === null) {
    document.title = 'Page not found · Portcullis';
    main.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/admin/integrations', 'data-link': '' }, 'Go to Integrations')));
    main.setAttribute('aria-busy', 'false');
    return;
  }
  try {
    const page = await found.render({ ...context, params: found.params });
    if (mine !== renderCount) return;
    document.title = `${page.title} · Portcullis`;
    main.append(page.content);
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return;
    document.title = 'Error · Portcullis';
    const denied = error instanceof ApiError && error.status === 403;
    main.append(
      h('h1', {}, denied ? 'Access denied' : 'Something went wrong'),
      h('p', { class: 'message message-error', role: 'alert' }, error instanceof ApiError ? error.message : 'The page could not be shown.'),
    );
  }
  main.setAttribute('aria-busy', 'false');
  const heading = main.querySelector<HTMLElement>('h1');
  heading?.setAttribute('tabindex', '-1');
  if (focusHeading && document.activeElement === document.body) heading?.focus();
  focusHeading = false;
}

function shell(path: string): HTMLElement {
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h('a', { class: 'brand', href: '/admin/integrations', 'data-link': '' }, 'Portcullis'),
    h(
      'nav',
      { 'aria-label': 'Main' },
      h('ul', {}, ...NAV.map((item) => h('li', {}, h('a', { href: item.path, 'data-link': '', 'aria-current': path.startsWith(item.path) ? 'page' : null }, item.label)))),
    ),
    h(
      'div',
      { class: 'account' },
      h('span', { class: 'username' }, username ?? ''),
      h(
        'button',
        {
          type: 'button',
          class: 'button link',
          onclick: () => {
            void api.signOut().then(
              () => {
                username = null;
                pendingFlash = { kind: 'success', text: 'You have signed out.' };
                history.pushState(null, '', '/admin/sign-in');
                void render();
              },
              (error: unknown) => {
                const message = error instanceof ApiError ? error.message : 'Signing out failed.';
                root.querySelector('main .messages')?.replaceChildren(h('div', { class: 'message message-error', role: 'alert' }, `You are still signed in: ${message}`));
              },
            );
          },
        },
        'Sign out',
      ),
    ),
  );
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
  if (!(target instanceof HTMLAnchorElement) || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(target.pathname + target.search);
});
window.addEventListener('popstate', () => void render());
void render();
