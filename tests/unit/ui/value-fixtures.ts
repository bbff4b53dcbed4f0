// Hand-made predictions for the predicted-value helpers: only the fields a test sets differ from a repeat buyer
// rated by BG/NBD.
import type { CustomerPrediction, PAliveMethod } from '../../../src/analytics/value-model.ts';

export interface PredictionSketch {
  id: string;
  pAlive?: number;
  method?: PAliveMethod;
  purchases?: number;
  clv?: number;
  nextOrderDay?: number | null;
  frequency?: number;
}

export function prediction(sketch: PredictionSketch): CustomerPrediction {
  const pAlive = sketch.pAlive ?? 0.8;
  return {
    customerId: sketch.id,
    frequency: sketch.frequency ?? 3,
    recency: 20,
    T: 30,
    monetaryValue: 40,
    pAlive,
    pAliveMethod: sketch.method ?? 'bgnbd',
    churnProbability: 1 - pAlive,
    expectedPurchases: sketch.purchases ?? 1,
    expectedSpend: 40,
    predictedClv: sketch.clv ?? 40,
    expectedNextOrderDay: sketch.nextOrderDay === undefined ? null : sketch.nextOrderDay,
  };
}
