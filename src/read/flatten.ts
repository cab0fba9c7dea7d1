/**
 * A guard for the HTML reader against pathologically deep pages (issue 7): Readability's cleaning passes
 * cost roughly depth² × text on linkedom (a 500-deep page took 25 s, a 10,000-deep one never ended).
 * A page nested deeper than MAX_DOM_DEPTH is rewritten as a flat page of its text blocks (headings, paragraphs,
 * list items, in document order, scripts and the like dropped) before Readability sees it — the way browsers'
 * HTML parsers stop nesting past a fixed depth. Both walks are iterative: no recursion, no stack overflow.
 */

/** Deeper than this, a page is flattened (real news pages stay well under 60). */
export const MAX_DOM_DEPTH = 160;

interface N {
  nodeType: number;
  localName?: string;
  textContent: string | null;
  firstChild: N | null;
  lastChild: N | null;
  nextSibling: N | null;
  previousSibling: N | null;
}

/** The element depth of the tree under `root` (root = 1), without recursion. Stops counting past `cap`. */
export function domDepth(root: unknown, cap = Infinity): number {
  if (!root) return 0;
  let max = 0;
  const stack: Array<[N, number]> = [[root as N, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (d > max) { max = d; if (max > cap) return max; }
    for (let c = node.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push([c, d + 1]);
  }
  return max;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'head', 'math', 'button', 'select', 'textarea', 'canvas', 'video', 'audio', 'nav', 'form']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tbody', 'tr', 'td', 'th', 'figure', 'figcaption', 'hr', 'br', 'address', 'center', 'details', 'summary', 'body', 'html',
]);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page as a flat HTML document: its title, then one element per text block. */
export function flatHtml(document: { title?: string; body?: unknown; documentElement?: unknown }): string {
  const out: string[] = [];
  let buf = '';
  let tag = 'p';
  const flush = () => {
    const t = buf.replace(/\s+/g, ' ').trim();
    if (t) out.push(`<${tag}>${esc(t)}</${tag}>`);
    buf = '';
  };
  const root = (document.body ?? document.documentElement) as N | undefined;
  // entries: a node to visit, or null = the end of a block element
  const stack: Array<N | null> = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node === null) { flush(); tag = 'p'; continue; }
    if (node.nodeType === 3) { buf += node.textContent ?? ''; continue; }
    if (node.nodeType !== 1) continue;
    const name = (node.localName ?? '').toLowerCase();
    if (SKIP.has(name)) continue;
    if (BLOCK.has(name)) {
      flush();
      tag = /^h[1-6]$/.test(name) ? name : 'p';
      stack.push(null);
    }
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  flush();
  const title = document.title ? `<title>${esc(document.title)}</title>` : '';
  return `<!doctype html><html><head><meta charset="utf-8">${title}</head><body><article>${out.join('\n')}</article></body></html>`;
}
