// The engine contract on the Node build, the one the `ciclo` command and these unit tests use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { engineContract } from './contract.ts';

engineContract('Node', createNodeEngine);

// The blocking build runs each statement in one synchronous call, so a signal aborted once the call has
// begun cannot stop it: the statement completes and its answer comes back (the browser engine interrupts).
describe('Node engine and cancelling', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await createNodeEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('finishes a statement whose signal is aborted after the call began, and keeps its effects', async () => {
    await engine.query('CREATE TABLE late_cancel (n INTEGER)');
    const controller = new AbortController();
    const inserting = engine.query('INSERT INTO late_cancel SELECT i FROM range(3) t(i) RETURNING n', [], { signal: controller.signal });
    controller.abort();
    expect(await inserting).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(await engine.query('SELECT count(*)::INTEGER AS n FROM late_cancel')).toEqual([{ n: 3 }]);
  });

  it('reports a closed engine as ENGINE_CRASHED even when the signal is aborted too', async () => {
    const closed = await createNodeEngine();
    await closed.close();
    await expect(closed.query('SELECT 1', [], { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ENGINE_CRASHED' });
  });
});
