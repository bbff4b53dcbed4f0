// The model worker: fits BG/NBD and Gamma-Gamma off the main thread, so the page stays responsive while a large
// book is fitted. Only a loop: each request goes to handleModelRequest, and its answer is posted back.
import { handleModelRequest, type ModelRequest } from './model-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<ModelRequest>) => {
  scope.postMessage(handleModelRequest(event.data));
});
