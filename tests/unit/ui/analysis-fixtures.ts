// Hand-made customer records for the screens' helpers: only the fields a test sets differ from a plain
// stable, active customer.
import type { CustomerAnalysis } from '../../../src/pipeline/analysis-types.ts';
import type { RfmSegment, Stage, TrendLabel } from '../../../src/analytics/types.ts';

export interface CustomerSketch {
  id: string;
  name?: string | null;
  label?: TrendLabel;
  slopePct?: number | null;
  pValue?: number | null;
  stage?: Stage;
  segment?: RfmSegment;
  orders?: number;
  revenue?: number;
  trailing12?: number;
  headroom?: number;
  firstOrder?: string;
  quiet?: boolean;
  change?: 'up_to_down' | 'down_to_up' | null;
  deltaPerPeriod?: number;
}

export function customer(sketch: CustomerSketch): CustomerAnalysis {
  const label = sketch.label ?? 'stable';
  const revenue = sketch.revenue ?? 1000;
  return {
    customerId: sketch.id,
    customerName: sketch.name === undefined ? `Customer ${sketch.id}` : sketch.name,
    firstOrder: sketch.firstOrder ?? '2023-01-15',
    lastOrder: '2024-12-10',
    orders: sketch.orders ?? 10,
    revenue,
    items: 0,
    categories: 0,
    series: { customerId: sketch.id, periods: [], revenue: [], items: [], orders: [], breadth: [], tenurePeriods: 0 },
    trend: {
      label,
      slopePct: sketch.slopePct === undefined ? 0 : sketch.slopePct,
      pValue: sketch.pValue === undefined ? 0.5 : sketch.pValue,
      drivers: [],
      signals: { revenue: null, items: null, orders: null, breadth: null },
      quiet: sketch.quiet ?? false,
      evidence:
        sketch.deltaPerPeriod === undefined
          ? null
          : {
              baselinePerPeriod: 100,
              recentPerPeriod: 100 + sketch.deltaPerPeriod,
              deltaPerPeriod: sketch.deltaPerPeriod,
              deltaPct: sketch.deltaPerPeriod,
              slopePct: sketch.slopePct ?? 0,
              pValue: sketch.pValue ?? 0.5,
            },
      change: sketch.change ? { kind: sketch.change, period: '2024-06-01', slopeBeforePct: 1, slopeAfterPct: -1 } : null,
    },
    stage: { stage: sketch.stage ?? 'active', daysSinceLast: 20, typicalGapDays: 30, gapSource: 'own', overdue: 0.67 },
    rfm: { r: 3, f: 3, m: 3, levels: 5, segment: sketch.segment ?? 'need_attention' },
    value: {
      historicLtv: revenue,
      historicMargin: null,
      trailing12: sketch.trailing12 ?? 500,
      potential: 800,
      potentialBasis: 'peers',
      headroom: sketch.headroom ?? 300,
    },
    funnel: 'retention',
  };
}
