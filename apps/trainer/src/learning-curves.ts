import type { EpochMetrics } from './metrics-log.ts';

/**
 * A self-contained SVG of the learning curves: train loss (-ELBO, running mean over each epoch) and
 * test -ELBO per epoch, in nats; for an objective without an ELBO (ae: testElbo null) the train and
 * test reconstruction costs. Pure: metrics in, SVG text out.
 */
export function learningCurvesSvg(
  metrics: readonly EpochMetrics[],
  { width = 640, height = 360 } = {},
): string {
  const margin = { left: 60, right: 20, top: 30, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const noElbo = metrics.some((m) => m.testElbo === null);
  const series = [
    {
      name: noElbo ? 'train reconstruction' : 'train -ELBO',
      color: '#1f77b4',
      values: metrics.map((m) => m.trainLoss),
    },
    {
      name: noElbo ? 'test reconstruction' : 'test -ELBO',
      color: '#d62728',
      values: metrics.map((m) => (m.testElbo === null ? m.testReconstruction : -m.testElbo)),
    },
  ];
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const lo = all.length > 0 ? Math.min(...all) : 0;
  const hi = all.length > 0 ? Math.max(...all) : 1;
  const span = hi - lo || 1;
  const epochs = metrics.map((m) => m.epoch);
  const first = epochs[0] ?? 1;
  const last = epochs.at(-1) ?? 1;
  const x = (epoch: number) =>
    margin.left + (last === first ? plotW / 2 : ((epoch - first) / (last - first)) * plotW);
  const y = (value: number) => margin.top + (1 - (value - lo) / span) * plotH;
  const lines = series.map((s, i) => {
    const points = s.values
      .map((v, j) => `${x(epochs[j] as number).toFixed(1)},${y(v).toFixed(1)}`)
      .join(' ');
    return (
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>` +
      `<text x="${margin.left + 10}" y="${margin.top + 14 + 16 * i}" fill="${s.color}" font-size="12">${s.name}</text>`
    );
  });
  const ticks = [lo, lo + span / 2, hi].map(
    (v) =>
      `<text x="${margin.left - 6}" y="${y(v).toFixed(1)}" text-anchor="end" font-size="11">${v.toFixed(1)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<title>Learning curves: ${series.map((s) => s.name).join(' and ')} per epoch, in nats per example</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">Learning curves (nats per example)</text>`,
    `<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="#333"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="#333"/>`,
    `<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle" font-size="12">epoch ${first}–${last}</text>`,
    ...ticks,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}
