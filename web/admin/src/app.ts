import { api, ApiError, whenSessionEnds, type SessionInfo } from './api.js';
import { h, replaceChildren } from './dom.js';
import { messageArea } from './forms.js';
import { homePath, menuFor } from './menu.js';
import { activityPage } from './pages/activity.js';
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
  .add('/admin/users/:id', adminUserEditPage)
  .add('/admin/activity', activityPage);

const root = document.getElementById('app') as HTMLElement;
let session: SessionInfo | null = null;
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
  if (session === null) return;
  session = null;
  const next = location.pathname + location.search;
  history.replaceState(null, '', `/admin/sign-in?next=${encodeURIComponent(next)}`);
  pendingFlash = { kind: 'notice', text: 'Your session has ended. Please sign in again.' };
  void render();
});

async function render(): Promise<void> {
  const mine = ++renderCount;
  if (session === null) {
    try {
      const answer = await api.session();
      session = answer.signedIn ? { username: answer.username, userId: answer.userId, resources: answer.resources } : null;
    } catch {
      session = null;
    }
  }
  let path = location.pathname.replace(/\/+$/, '');
  if (session === null) {
    if (path !== '/admin/sign-in') {
      history.replaceState(null, '', `/admin/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
    }
    const page = signInPage({
      query: new URLSearchParams(location.search),
      signedIn: (signedIn, next) => {
        session = signedIn;
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
  const current = session;
  const home = homePath(current.resources);
  if (path === '/admin' || path === '/admin/sign-in' || path === '') {
    path = home ?? '/admin';
    history.replaceState(null, '', path);
  }
  const messages = messageArea();
  // Busy until the page's data is in: assistive technology (and the browser tests) wait for it.
  const main = h('main', { id: 'main', tabindex: '-1', 'aria-busy': 'true' }, messages.element);
  replaceChildren(root, shell(path, current), main);
  if (pendingFlash !== null) messages.show(pendingFlash.kind, pendingFlash.text);
  pendingFlash = null;
  const context: PageContext = {
    session: current,
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
  if (path === '/admin' && home === null) {
    document.title = 'No pages · Portcullis';
    main.append(h('h1', {}, 'No pages'), h('p', { class: 'message message-notice' }, 'Your role gives you access to none of the pages of this admin. Ask an administrator for a role that does.'));
    main.setAttribute('aria-busy', 'false');
    return;
  }
  if (found === null) {
    document.title = 'Page not found · Portcullis';
    main.append(h('h1', {}, 'Page not found'));
    const first = menuFor(current.resources)[0];
    if (first !== undefined) main.append(h('p', {}, h('a', { href: first.path, 'data-link': '' }, `Go to ${first.label}`)));
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

/** The top bar: the menu holds only the pages the admin's role allows. */
function shell(path: string, current: SessionInfo): HTMLElement {
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h('a', { class: 'brand', href: '/admin', 'data-link': '' }, 'Portcullis'),
    h(
      'nav',
      { 'aria-label': 'Main' },
      h(
        'ul',
        {},
        ...menuFor(current.resources).map((item) =>
          h('li', {}, h('a', { href: item.path, 'data-link': '', 'aria-current': path.startsWith(item.path) ? 'page' : null }, item.label)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'account' },
      h('span', { class: 'username' }, current.username),
      h(
        'button',
        {
          type: 'button',
          class: 'button link',
          onclick: () => {
            void api.signOut().then(
              () => {
                session = null;
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
