// Tiny DOM helpers: the page has no framework.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** A table; without `head`, a two-column list of facts. */
export function table(head: string[] | undefined, rows: Array<Array<string | number>>): HTMLTableElement {
  const body = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, String(c))))));
  if (!head) return el('table', {}, body);
  return el('table', {}, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))), body);
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** An error shown where the content would have been: the message names what failed. */
export function errorBox(what: string, error: unknown): HTMLElement {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return el('div', { class: 'error', role: 'alert' }, el('strong', {}, what), el('pre', {}, message));
}
