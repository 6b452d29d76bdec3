import { type SessionInfo } from './api.js';
import { type Child } from './dom.js';

/** What a page gets: who is signed in, its path parameters and query, and the means to move on. */
export interface PageContext {
  readonly session: SessionInfo;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Goes to another page (pushes history); `flash` is shown on that page. */
  navigate(path: string, flash?: Flash): void;
  /** Shows a message on the current page. */
  flash(message: Flash): void;
  /** Replaces the current URL's query without a new history entry and re-renders. */
  setQuery(query: URLSearchParams): void;
}

export interface Flash {
  readonly kind: 'success' | 'error' | 'notice';
  readonly text: Child;
}

export interface Page {
  readonly title: string;
  readonly content: HTMLElement;
}

export type PageRenderer = (context: PageContext) => Promise<Page>;

interface Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly render: PageRenderer;
}

/** Paths below /admin matched in order; `:name` segments become params. */
export class Router {
  private readonly routes: Route[] = [];

  add(path: string, render: PageRenderer): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}/?$`,
    );
    this.routes.push({ pattern, names, render });
    return this;
  }

  match(pathname: string): { render: PageRenderer; params: Record<string, string> } | null {
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (found === null) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { render: route.render, params };
    }
    return null;
  }
}
