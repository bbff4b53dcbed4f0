// The scoring worker: reads trend, stage, RFM and value from the customer analysis's columns off the main
// thread, so the page stays responsive while 50,000 customers are scored. Only a loop: each request goes to
// handleScoringRequest, and its answers are posted back.
import { handleScoringRequest, type ScoringRequest } from './scoring-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<ScoringRequest>) => {
  handleScoringRequest(event.data, (response) => scope.postMessage(response));
});
