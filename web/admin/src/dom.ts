/** A tiny element builder: text is always set as text, so API data can never become markup. */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;
export type Props = Readonly<Record<string, string | number | boolean | Handler | null | undefined>>;

/**
 * `h('button', { type: 'button', onclick: save }, 'Save')`. Props starting with `on` are event
 * listeners; `true` sets an empty attribute, `false`/null/undefined leaves it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(typeof child === 'number' ? String(child) : (child as string)));
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let counter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** "2026-11-24 14:03" in the browser's time zone, or the fallback. */
export function formatDateTime(value: string | null, fallback = 'Never'): string {
  if (value === null) return fallback;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return fallback;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "2026-11-24 14:03:05" in the browser's time zone (the audit trail's times, to the second), or the fallback. */
export function formatTimestamp(value: string, fallback = 'Unknown'): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return fallback;
  return `${formatDateTime(value, fallback)}:${String(date.getSeconds()).padStart(2, '0')}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `h` for SVG (charts drawn inline): attributes and text only, no event listeners. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number | null | undefined>> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  append(element, children);
  return element;
}
