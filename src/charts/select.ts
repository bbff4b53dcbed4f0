// Click to filter: which datum a click on a chart picked. Plot binds every element of a mark to the row
// index of the mark's data (`__data__`); a chart marks its clickable mark with SELECTABLE_CLASS and
// registers that mark's data here. Where the marks are too small to hit (a scatter, a line), the chart
// asks for Plot's pointer instead: the figure's `value` is then the datum the pointer is focused on.

/** Class of the mark whose elements stand for a datum the screen can filter on. */
export const SELECTABLE_CLASS = 'ciclo-selectable';

interface Selectable {
  data: readonly unknown[];
  /** Fall back to the datum Plot's pointer is focused on (the figure's `value`). */
  usePointer: boolean;
}

const registry = new WeakMap<Element, Selectable>();

/** Registers the data behind a chart's selectable mark (called by the chart functions). */
export function makeSelectable<T>(chart: Element, data: readonly T[], { usePointer = false } = {}): void {
  registry.set(chart, { data, usePointer });
  chart.classList.add('ciclo-clickable');
}

/** The datum under a click on `chart`, or null when the click was not on one. */
export function clickedDatum<T>(chart: Element, target: EventTarget | null): T | null {
  const selectable = registry.get(chart);
  if (!selectable) return null;
  if (target instanceof Element && chart.contains(target)) {
    const mark = target.closest(`.${SELECTABLE_CLASS}`);
    if (mark && chart.contains(mark)) {
      // Walk up from the clicked shape to the element Plot bound to a row (a mark's `g` holds an index array).
      for (let element: Element | null = target; element && element !== mark; element = element.parentElement) {
        const index = (element as Element & { __data__?: unknown }).__data__;
        if (typeof index === 'number' && index >= 0 && index < selectable.data.length) return selectable.data[index] as T;
      }
    }
  }
  if (selectable.usePointer) {
    const value = (chart as Element & { value?: unknown }).value;
    if (value !== null && value !== undefined) return value as T;
  }
  return null;
}

/** Calls `onselect` with the datum of each click on the chart; returns the function that stops listening. */
export function onChartSelect<T>(chart: Element, onselect: (datum: T) => void): () => void {
  const listener = (event: Event) => {
    const datum = clickedDatum<T>(chart, event.target);
    if (datum !== null) onselect(datum);
  };
  chart.addEventListener('click', listener);
  return () => chart.removeEventListener('click', listener);
}
