// The worker's tasks with the real importer (src/import) on a small European export: what reaches the
// dataset is what the file says, including quotes, line breaks and accents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import * as importer from '../../../src/import/index.ts';
import { appendSalesBatch, createDataset, salesPage } from '../../../src/pipeline.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import type { ImportResponse } from '../../../src/workers/import-protocol.ts';
import { createImportTasks } from '../../../src/workers/import-tasks.ts';

const exportText = [
  'Cliente;Data;Valor;Produto',
  'C1;05/01/2024;1.234,50;"Café ""Especial""; 1kg"',
  'C2;31/12/2023;10,00;"linha 1',
  'linha 2"',
  'Ção;29/02/2024;-3,25;',
].join('\r\n');

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await createDataset(engine);
});
afterAll(async () => {
  await engine.close();
});

describe('import worker tasks with the real importer', () => {
  it('detects the export and streams its rows into the dataset unchanged', async () => {
    const file = new Blob([exportText]);
    const responses: ImportResponse[] = [];
    let storing = Promise.resolve();
    const tasks = createImportTasks(importer, (message) => {
      responses.push(message);
      if (message.kind === 'batch') {
        storing = storing.then(async () => {
          await appendSalesBatch(engine, { bytes: message.bytes, rowCount: message.rowCount });
          await tasks.handle({ id: 2, kind: 'batch-stored', batchNumber: message.batchNumber });
        });
      }
    });

    await tasks.handle({ id: 1, kind: 'detect', file, fileName: 'export.csv' });
    const detected = responses.find((response) => response.kind === 'detected');
    if (!detected) throw new Error(`no detection: ${JSON.stringify(responses)}`);
    expect(detected.detection.fatal).toBeNull();
    expect(detected.detection.settings).toMatchObject({ delimiter: ';', decimal: ',', dateOrder: 'dmy' });

    const { settings, mapping } = detected.detection;
    await tasks.handle({ id: 2, kind: 'parse', file, options: { fileName: 'export.csv', settings, mapping }, fileTag: 'export.csv' });
    await storing;
    expect(responses.at(-1)).toMatchObject({ kind: 'parsed', result: { rowCount: 3, rejectedCount: 0, fatal: null } });

    // What reaches the dataset is exactly what the importer hands over in one piece (parseBytes),
    // with the append's tag as source_file.
    const handedOver: SalesRow[] = [];
    importer.parseBytes(new TextEncoder().encode(exportText), {
      fileName: 'export.csv',
      settings,
      mapping,
      onRows: (rows) => handedOver.push(...rows),
    });
    expect(handedOver.map((row) => [row.customer_id, row.order_date, row.amount, row.product])).toEqual([
      ['C1', '2024-01-05', 1234.5, 'Café "Especial"; 1kg'],
      ['C2', '2023-12-31', 10, expect.stringMatching(/^linha 1\r?\nlinha 2$/)],
      ['Ção', '2024-02-29', -3.25, null],
    ]);
    const { rows } = await salesPage(engine, { offset: 0, limit: 10 });
    expect(rows).toEqual(handedOver.map((row) => ({ ...row, source_file: 'export.csv' })));
  });
});
