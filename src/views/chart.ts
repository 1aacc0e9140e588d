/**
 * A target's progress drawn on the server as SVG: no script, no chart library, no request —
 * so it renders the same on a page, in an embed, in a feed reader and with scripts off.
 * Bars are the series (the running total, or each year's own figure for yearly targets), the
 * dashed line is the target; norms every unit must meet get a bar of units meeting ÷ units.
 */
import type { TargetRow } from "../db/schema/index.js";
import type { TargetProgress } from "../services/progress.js";
import { formatAmount, html, type Html } from "./html.js";

const W = 560;
const H = 220;
const PAD = { left: 64, right: 12, top: 16, bottom: 36 };

function compact(n: number): string {
  if (Math.abs(n) >= 1e8) return `${+(n / 1e8).toFixed(2)}亿`;
  if (Math.abs(n) >= 1e4) return `${+(n / 1e4).toFixed(1)}万`;
  return `${+n.toFixed(2)}`;
}

export function progressChart(target: Pick<TargetRow, "code" | "value" | "period" | "metricName" | "metricNameEn">, progress: TargetProgress | null, options: { dark?: boolean } = {}): Html {
  const label = `${target.metricName} · ${target.metricNameEn}`;
  const fg = options.dark ? "#e8eaed" : "#333";
  if (!progress || (progress.series.length === 0 && progress.share === null)) {
    return html`<p class="meta">尚无报告数据 · No figures reported yet.</p>`;
  }
  if (progress.series.length === 0) {
    // A norm every unit must meet: units meeting ÷ units.
    const share = Math.max(0, Math.min(1, Number(progress.share)));
    const width = W - PAD.left - PAD.right;
    return html`<svg class="chart" data-chart="units" role="img" aria-label="${label}: ${progress.unitsMeeting ?? 0} / ${progress.unitsTotal ?? 0}" viewBox="0 0 ${W} 60" width="100%" xmlns="http://www.w3.org/2000/svg">
<title>${label}: ${progress.unitsMeeting ?? 0} / ${progress.unitsTotal ?? 0} 达标 meet the norm</title>
<rect x="${PAD.left}" y="12" width="${width}" height="20" fill="#e0e3e7"/>
<rect x="${PAD.left}" y="12" width="${(width * share).toFixed(1)}" height="20" fill="#0b57d0"/>
<text x="0" y="27" fill="${fg}">达标 met</text>
<text x="${PAD.left}" y="52" fill="${fg}">${progress.unitsMeeting ?? 0} / ${progress.unitsTotal ?? 0} (${(share * 100).toFixed(1)}%)</text>
</svg>`;
  }
  const yearly = target.period === "PER_YEAR";
  const points = progress.series.map((p) => ({ period: p.period, v: Number(yearly ? p.value : p.cumulativeValue) }));
  const goal = Number(target.value);
  const max = Math.max(goal, ...points.map((p) => p.v)) * 1.1 || 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / points.length;
  const barW = Math.max(2, step * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const every = Math.ceil(points.length / 8);
  const bars = points.map(
    (p, i) => html`<rect data-period="${p.period}" x="${(PAD.left + i * step + (step - barW) / 2).toFixed(1)}" y="${y(p.v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(PAD.top + plotH - y(p.v)).toFixed(1)}" fill="#0b57d0"><title>${p.period}: ${formatAmount(String(p.v))}</title></rect>
${i % every === 0 ? html`<text x="${(PAD.left + i * step + step / 2).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle" fill="${fg}">${p.period}</text>` : ""}`,
  );
  return html`<svg class="chart" data-chart="series" role="img" aria-label="${label}" viewBox="0 0 ${W} ${H}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title>${label}${yearly ? " (每年 per year)" : " (累计 cumulative)"}; 目标 target ${formatAmount(target.value)}</title>
<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="${fg}"/>
<text x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end" fill="${fg}">0</text>
${bars}
<line data-target="${target.value}" x1="${PAD.left}" y1="${y(goal).toFixed(1)}" x2="${W - PAD.right}" y2="${y(goal).toFixed(1)}" stroke="#d93025" stroke-width="2" stroke-dasharray="6 4"/>
<text x="${PAD.left - 6}" y="${(y(goal) + 4).toFixed(1)}" text-anchor="end" fill="#d93025">${compact(goal)}</text>
</svg>`;
}
