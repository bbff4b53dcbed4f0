// Charts queued for drawing run one per task, in order, and a cancelled one never runs.
import { describe, expect, it } from 'vitest';
import { queueDraw } from '../../../src/ui/common/draw-queue.ts';

/** Lets one task of the event loop pass (the queue runs one job per setTimeout). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('queueDraw', () => {
  it('runs nothing at once, then one job per task in the order queued', async () => {
    const ran: string[] = [];
    queueDraw(() => ran.push('trend'));
    queueDraw(() => ran.push('slope'));
    queueDraw(() => ran.push('cohorts'));
    expect(ran).toEqual([]);
    await nextTask();
    expect(ran).toEqual(['trend']);
    await nextTask();
    await nextTask();
    expect(ran).toEqual(['trend', 'slope', 'cohorts']);
  });

  it('skips a cancelled job', async () => {
    const ran: string[] = [];
    const cancel = queueDraw(() => ran.push('cancelled'));
    queueDraw(() => ran.push('after'));
    cancel();
    await nextTask();
    await nextTask();
    expect(ran).toEqual(['after']);
  });
});
