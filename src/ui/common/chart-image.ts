// A chart on screen is one image: its text alternative (role="img", aria-label, aria-description) sits on the
// root. Observable Plot also labels its inner groups ("bar", "rule", "tip"); aria-label is not allowed on a
// plain <g> (axe: aria-prohibited-attr) and those names add nothing a reader needs, so they are taken off.

/**
 * Removes `aria-label` from every element inside `chart` (the root keeps its own), now and whenever Plot adds
 * more (the tip's group appears on the first hover). Returns the function that stops watching.
 */
export function keepLabelOnRoot(chart: Element): () => void {
  const clear = () => {
    for (const inner of chart.querySelectorAll('[aria-label]')) inner.removeAttribute('aria-label');
  };
  clear();
  const observer = new MutationObserver(clear);
  observer.observe(chart, { subtree: true, childList: true, attributeFilter: ['aria-label'] });
  return () => observer.disconnect();
}
