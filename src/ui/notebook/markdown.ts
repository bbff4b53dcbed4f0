// Note cells: Markdown written by the user (or arriving in an opened notebook file), turned into HTML with
// `marked` and sanitised with DOMPurify before it reaches the page: no scripts, no event handlers, no
// `javascript:` or `data:` links, no forms or frames. Links open in a new tab without access to Ciclo.
import DOMPurify, { type WindowLike } from 'dompurify';
import { marked } from 'marked';

const ALLOWED_URL = /^(?:https?:|mailto:|#)/i;

/** The note as safe HTML. `window` is the page's by default (a jsdom window in tests). */
export function renderMarkdown(markdown: string, window: WindowLike = globalThis.window): string {
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!ALLOWED_URL.test(href.trim())) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.nodeName === 'IMG') {
      // Images would load from other sites: Ciclo sends nothing out, so a note shows the alt text instead.
      node.removeAttribute('src');
      node.removeAttribute('srcset');
    }
  });
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
    FORBID_ATTR: ['style'],
  });
}
