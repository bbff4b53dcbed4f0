// The import worker: reads a sales export off the main thread so the page stays responsive on big
// files. Only a loop: each message goes to import-tasks.ts, which posts its answers back.
import * as importer from '../import/index.ts';
import type { ImportRequest, ImportResponse } from './import-protocol.ts';
import { createImportTasks } from './import-tasks.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const tasks = createImportTasks(importer, (message: ImportResponse, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer),
);

scope.addEventListener('message', (event: MessageEvent<ImportRequest>) => {
  void tasks.handle(event.data);
});
