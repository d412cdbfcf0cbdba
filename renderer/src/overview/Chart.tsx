// Ydelser per month and per place: stacked bars drawn as SVG (no chart library needed for this).

import type { Chart as ChartData } from '../../../schemas/api.ts';

const COLORS = ['#1f5f99', '#4f9d69', '#d08c2f', '#8e5ea2', '#c8423b', '#9aa5b1'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** `label`: what the bars count, for screen readers (e.g. "Ydelser pr. måned"); `colors`: one per series, where they mean something. */
export function Chart({ data, label: what = 'Ydelser pr. måned', colors = COLORS }: { data: ChartData; label?: string; colors?: readonly string[] }) {
  const totals = data.months.map((_, i) => data.series.reduce((s, x) => s + (x.counts[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const W = 720;
  const H = 220;
  const left = 44;
  const bottom = 28;
  const bw = (W - left) / data.months.length;
  const y = (v: number) => ((H - bottom) * v) / max;
  const ticks = [0, Math.round(max / 2), max];
  const label = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${what}: ${data.months.map((m, i) => `${label(m)} ${totals[i]}`).join(', ')}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={W} y1={H - bottom - y(t)} y2={H - bottom - y(t)} className="chart-grid" />
            <text x={left - 6} y={H - bottom - y(t) + 4} textAnchor="end" className="chart-axis">
              {t.toLocaleString('da-DK')}
            </text>
          </g>
        ))}
        {data.months.map((m, i) => {
          let acc = 0;
          return (
            <g key={m}>
              {data.series.map((s, j) => {
                const v = s.counts[i] ?? 0;
                const h = y(v);
                acc += h;
                return v > 0 ? (
                  <rect key={j} x={left + i * bw + bw * 0.15} width={bw * 0.7} y={H - bottom - acc} height={h} fill={colors[j % colors.length]}>
                    <title>{`${label(m)}, ${s.name}: ${v.toLocaleString('da-DK')}`}</title>
                  </rect>
                ) : null;
              })}
              <text x={left + i * bw + bw / 2} y={H - 8} textAnchor="middle" className="chart-axis">
                {label(m)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {data.series.map((s, j) => (
          <span key={j}>
            <i style={{ background: colors[j % colors.length] }} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
