// axe-core run inside the page under test: the serious and critical accessibility problems of one part of a
// Ciclo view, each as one line (rule, element, what failed), so a failing test says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The rule sets of WCAG 2.0 A and AA and WCAG 2.1 AA (axe-core tags). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'] as const;

let axeSource: string | null = null;

interface AxeOptions {
  /** Only the rules with these axe-core tags; every rule when omitted. */
  tags?: readonly string[];
  /** The impacts that count as a violation. */
  impacts?: readonly string[];
}

/**
 * The violations axe-core finds inside `selector` (`body` by default), as `rule: element failure | …` lines.
 * The mouse is moved to the corner first: a hovered control would be checked in its hover colours.
 */
export async function axeViolations(page: Page, selector = 'body', { tags, impacts = ['serious', 'critical'] }: AxeOptions = {}): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  await page.mouse.move(0, 0);
  return page.evaluate(
    async ({ include, tags, impacts }) => {
      type Result = { violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] };
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<Result> } }).axe;
      const options = tags ? { resultTypes: ['violations'], runOnly: { type: 'tag', values: tags } } : { resultTypes: ['violations'] };
      const result = await axe.run({ include: [[include]] }, options);
      return result.violations
        .filter((v) => v.impact !== null && impacts.includes(v.impact))
        .map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`).join(' | ')}`);
    },
    { include: selector, tags: tags ? [...tags] : null, impacts: [...impacts] },
  );
}
