// The sample files a user can open from the start screen to try Ciclo without their own export.
// URLs are relative to the page, so the demos work at / and under a subpath; the UI translates the titles.

export type DemoId = 'ciclo' | 'cdnow';

export interface Demo {
  id: DemoId;
  /** Relative URL of the CSV (public/demo/, copied to the site's root by the build). */
  file: string;
}

export const DEMOS: ReadonlyArray<Demo> = [
  // A fictional Brazilian coffee-and-food distributor, two years, 1,500 customers (tests/fixtures/generate-demo.ts).
  { id: 'ciclo', file: 'demo/ciclo-demo.csv' },
  // Real CDNOW purchases used by Fader, Hardie & Lee (2005); MIT via the lifetimes package.
  { id: 'cdnow', file: 'demo/cdnow_sample.csv' },
];
