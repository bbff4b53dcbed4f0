// Which DuckDB `ciclo analyze` runs on: native DuckDB (the optional @duckdb/node-api package) when it is
// installed, else the WebAssembly build the site uses. Both run the same SQL files and give the same rows.
import type { Engine } from '../engine/engine.ts';
import { isEngineError } from '../engine/engine-error.ts';
import { createNativeEngine, nativeEngineProblem } from '../engine/native.ts';
import { createNodeEngine } from '../engine/node.ts';

export const ENGINE_CHOICES = ['auto', 'native', 'wasm'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export interface ChosenEngine {
  engine: Engine;
  kind: 'native' | 'wasm';
  /** One line for stderr: which engine, its DuckDB version, and why when auto did not pick native. */
  description: string;
}

/** What `--engine native` reports when native DuckDB cannot be used here. */
export class EngineUnavailable extends Error {}

/**
 * Starts the engine `choice` asks for. `auto` takes native DuckDB when it loads and starts, and otherwise the
 * WebAssembly build; `native` throws EngineUnavailable rather than fall back. Engine failures reject as usual.
 */
export async function startEngine(choice: EngineChoice): Promise<ChosenEngine> {
  if (choice !== 'wasm') {
    let whyNot: string;
    let isInstalled = true;
    try {
      const native = await createNativeEngine();
      if (native !== null) return { engine: native, kind: 'native', description: `native DuckDB ${await versionOf(native)} (@duckdb/node-api)` };
      whyNot = (await nativeEngineProblem()) ?? 'native DuckDB is not available';
      isInstalled = false;
    } catch (thrown) {
      if (!isEngineError(thrown)) throw thrown;
      whyNot = `native DuckDB did not start: ${thrown.message}`;
    }
    if (choice === 'native') throw new EngineUnavailable(whyNot);
    const engine = await createNodeEngine();
    const note = isInstalled ? whyNot : `${whyNot}; with it, large files run much faster`;
    return { engine, kind: 'wasm', description: `DuckDB-WASM ${await versionOf(engine)} (${note})` };
  }
  const engine = await createNodeEngine();
  return { engine, kind: 'wasm', description: `DuckDB-WASM ${await versionOf(engine)} (--engine wasm)` };
}

async function versionOf(engine: Engine): Promise<string> {
  const [row] = await engine.query<{ version: string }>('SELECT version() AS version');
  return row?.version ?? 'of unknown version';
}
