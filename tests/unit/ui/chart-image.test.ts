// @vitest-environment jsdom
// A chart on screen is one image: Observable Plot's labels on its inner groups go, the root keeps its text
// alternative, and groups Plot adds later (the tip, on the first hover) lose their label too.
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { keepLabelOnRoot } from '../../../src/ui/common/chart-image.ts';

function barChart(): SVGSVGElement | HTMLElement {
  return Plot.plot({ ariaLabel: 'Revenue by month', ariaDescription: 'Three months', marks: [Plot.barY([3, 1, 2]), Plot.ruleY([0])] });
}

describe('keepLabelOnRoot', () => {
  it('takes the aria-label off every group Plot labelled and leaves the root its label and description', () => {
    const chart = barChart();
    expect(chart.querySelectorAll('g[aria-label]').length).toBeGreaterThanOrEqual(2); // Plot's "bar" and "rule"
    const stop = keepLabelOnRoot(chart);
    expect(chart.querySelectorAll('[aria-label]')).toHaveLength(0);
    expect(chart.getAttribute('aria-label')).toBe('Revenue by month');
    expect(chart.getAttribute('aria-description')).toBe('Three months');
    stop();
  });

  it('clears a group labelled after the chart was shown, until it is told to stop', async () => {
    const chart = barChart();
    const stop = keepLabelOnRoot(chart);
    const tip = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    tip.setAttribute('aria-label', 'tip');
    chart.append(tip);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tip.hasAttribute('aria-label')).toBe(false);

    stop();
    const later = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    later.setAttribute('aria-label', 'tip');
    chart.append(later);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(later.getAttribute('aria-label')).toBe('tip');
  });
});
