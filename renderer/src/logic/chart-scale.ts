/**
 * A y-axis a commentator can read: round steps (5 cm, 10 cm, 50 cm, 1 m…), never narrower than
 * a span that means something for the event, so three athletes on 1.89 and 1.90 are not drawn
 * as a cliff on a 1.88–1.90 axis.
 */
const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20];

export interface AxisRange {
  min: number;
  max: number;
  step: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function markAxis(values: number[], kind: 'vertical' | 'horizontal'): AxisRange | null {
  const marks = values.filter((v) => Number.isFinite(v) && v > 0);
  if (!marks.length) return null;
  const lo = Math.min(...marks);
  const hi = Math.max(...marks);
  // Vertical: a bar's worth of heights either side; horizontal: a tenth of the mark (1 m in the
  // long jump, 7 m in a javelin), whichever is wider than the spread itself.
  const minSpan = kind === 'vertical' ? 0.2 : Math.max(0.5, hi * 0.1);
  const span = Math.max(minSpan, hi - lo);
  const step = STEPS.find((s) => s >= span / 5) ?? STEPS[STEPS.length - 1]!;
  const slack = (span - (hi - lo)) / 2;
  const min = Math.max(0, Math.floor((lo - Math.max(slack, step / 2)) / step) * step);
  const max = Math.ceil((hi + Math.max(slack, step / 2)) / step) * step;
  return { min: round(min), max: round(max), step };
}
