/**
 * The evaluation as one self-contained HTML page (`npm run nlu -- eval --data FILE --html report.html`):
 * the headline figures, a bar chart of F1 per intent drawn as inline SVG, and the most confused pairs.
 * No script and no CDN, so a shop can open it offline, attach it to a ticket or archive it with a release.
 */
import type { EmotionReport, IntentReport } from './metrics.js';

/** What the page says about where the figures come from. */
export interface ReportSource {
  /** The data file measured. */
  readonly data: string;
  /** The model directory measured. */
  readonly model: string;
  /** When it was measured (ISO 8601). */
  readonly at: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

const ROW = 18;
const LABEL = 230;
const BAR = 420;

/** Horizontal bars of F1 per intent, worst first, with recall and precision in the tooltip. */
export function f1Chart(report: IntentReport): string {
  const rows = report.perIntent;
  const height = rows.length * ROW + 30;
  const bars = rows.map((r, i) => {
    const y = i * ROW + 4;
    // Red under 0.8, amber under 0.95, green above: where a shop should add training phrases first.
    const colour = r.f1 < 0.8 ? '#c0392b' : r.f1 < 0.95 ? '#d68910' : '#1e8449';
    const title = `${r.intent}: F1 ${pct(r.f1)}, precision ${pct(r.precision)}, recall ${pct(r.recall)}, ${r.support} rows`;
    return (
      `<g><title>${escape(title)}</title>` +
      `<text x="${LABEL - 6}" y="${y + 12}" text-anchor="end">${escape(r.intent)}</text>` +
      `<rect x="${LABEL}" y="${y}" width="${(r.f1 * BAR).toFixed(1)}" height="${ROW - 5}" fill="${colour}"/>` +
      `<text x="${LABEL + r.f1 * BAR + 4}" y="${y + 12}">${(r.f1 * 100).toFixed(1)}</text></g>`
    );
  });
  const axis = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const x = LABEL + t * BAR;
    return `<line x1="${x}" y1="0" x2="${x}" y2="${height - 22}" stroke="#ddd"/><text x="${x}" y="${height - 8}" text-anchor="middle">${t * 100}</text>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL + BAR + 60}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="F1 per intent">` +
    `${axis.join('')}${bars.join('')}</svg>`
  );
}

function confusionTable(report: IntentReport, top: number): string {
  const rows = report.confusions
    .slice(0, top)
    .map((c) => `<tr><td>${escape(c.gold)}</td><td>${escape(c.predicted)}</td><td class="n">${c.count}</td><td>${escape(c.example)}</td></tr>`);
  if (rows.length === 0) return '<p>No row was misclassified.</p>';
  return `<table><thead><tr><th>expected</th><th>recognized</th><th>rows</th><th>for example</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The whole page. `top` caps the confusion table (default 20).
 * @example writeFileSync('report.html', renderReport(report, { data: 'dev.jsonl', model: 'models/shop', at: new Date().toISOString() }));
 */
export function renderReport(report: IntentReport, source: ReportSource, top = 20): string {
  const figures: Array<[string, string]> = [
    ['rows', String(report.count)],
    ['in-scope accuracy', pct(report.inScopeAccuracy)],
    ['macro-F1 (in scope)', pct(report.macroF1)],
    ['out-of-scope recall', pct(report.oosRecall)],
    ['in-scope rows rejected', pct(report.falseRejectRate)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NLU evaluation: ${escape(source.data)}</title>
<style>
body { font-family: sans-serif; margin: 2rem; color: #222; max-width: 60rem; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td.n { text-align: right; } .meta { color: #666; }
</style></head><body>
<h1>NLU evaluation</h1>
<p class="meta">data <code>${escape(source.data)}</code> · model <code>${escape(source.model)}</code> · ${escape(source.at)}</p>
<table>${figures.map(([k, v]) => `<tr><th>${k}</th><td class="n">${v}</td></tr>`).join('')}</table>
<h2>F1 per intent, worst first</h2>
${report.perIntent.length > 0 ? f1Chart(report) : '<p>No in-scope rows.</p>'}
<h2>Most confused pairs</h2>
${confusionTable(report, top)}
</body></html>
`;
}

/** One emotion set measured, for the emotion report. */
export interface EmotionSection {
  /** What the set is ("online_shopping_zh dev", "English complaints (team)"). */
  readonly name: string;
  readonly report: EmotionReport;
  /** Target negative F1, or for a calm set the most that may be flagged; shown beside the figure. */
  readonly target?: { readonly f1?: number; readonly maxFlagged?: number; readonly domainF1?: number };
}

/** Horizontal bars of negative F1 per domain; with a target, red under it and green at or above it. */
export function domainChart(report: EmotionReport, target?: number): string {
  const rows = report.perDomain ?? [];
  const height = rows.length * ROW + 30;
  const bars = rows.map((r, i) => {
    const y = i * ROW + 4;
    const colour = target === undefined ? '#5d6d7e' : r.f1 < target ? '#c0392b' : '#1e8449';
    const title = `${r.domain}: F1 ${pct(r.f1)}, precision ${pct(r.precision)}, recall ${pct(r.recall)}, ${r.count} rows`;
    return (
      `<g><title>${escape(title)}</title>` +
      `<text x="${LABEL - 6}" y="${y + 12}" text-anchor="end">${escape(r.domain)}</text>` +
      `<rect x="${LABEL}" y="${y}" width="${(r.f1 * BAR).toFixed(1)}" height="${ROW - 5}" fill="${colour}"/>` +
      `<text x="${LABEL + r.f1 * BAR + 4}" y="${y + 12}">${(r.f1 * 100).toFixed(1)}</text></g>`
    );
  });
  const x = LABEL + (target ?? 0) * BAR;
  const line =
    target === undefined
      ? ''
      : `<line x1="${x}" y1="0" x2="${x}" y2="${height - 22}" stroke="#888" stroke-dasharray="4 3"/><text x="${x}" y="${height - 8}" text-anchor="middle">target ${target * 100}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL + BAR + 60}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="negative F1 per domain">` +
    `${line}${bars.join('')}</svg>`
  );
}

function emotionSection(section: EmotionSection): string {
  const { report, target } = section;
  const met = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? ' class="met"' : ' class="missed"');
  const f1Ok = target?.f1 === undefined ? undefined : report.f1 >= target.f1;
  const flaggedOk = target?.maxFlagged === undefined ? undefined : report.flagged < target.maxFlagged;
  const figures =
    `<tr><th>rows</th><td class="n">${report.count}</td><td></td></tr>` +
    `<tr><th>negative F1</th><td class="n"${met(f1Ok)}>${pct(report.f1)}</td><td>${target?.f1 === undefined ? '' : `target ≥ ${pct(target.f1)}`}</td></tr>` +
    `<tr><th>precision / recall</th><td class="n">${pct(report.precision)} / ${pct(report.recall)}</td><td></td></tr>` +
    `<tr><th>scored negative</th><td class="n"${met(flaggedOk)}>${pct(report.flagged)}</td><td>${target?.maxFlagged === undefined ? '' : `target &lt; ${pct(target.maxFlagged)}`}</td></tr>`;
  // A single domain (tweets) is the whole set: no chart.
  const chart = report.perDomain && report.perDomain.length > 1 ? domainChart(report, target?.domainF1) : '';
  return `<h2>${escape(section.name)}</h2>\n<table>${figures}</table>\n${chart}`;
}

/**
 * The emotion page: per set, negative F1, precision, recall and the share scored negative beside their
 * targets, and a bar chart of F1 per domain (product kind, company sector) when the rows carry one.
 * @example writeFileSync('emotion.html', renderEmotionReport([{ name: 'dev', report }], { data: 'dev.jsonl', model: 'models/emotion', at }));
 */
export function renderEmotionReport(sections: readonly EmotionSection[], source: ReportSource): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Emotion evaluation: ${escape(source.data)}</title>
<style>
body { font-family: sans-serif; margin: 2rem; color: #222; max-width: 60rem; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td.n { text-align: right; } .meta { color: #666; } .met { color: #1e8449; } .missed { color: #c0392b; font-weight: bold; }
</style></head><body>
<h1>Emotion evaluation</h1>
<p class="meta">data <code>${escape(source.data)}</code> · model <code>${escape(source.model)}</code> · ${escape(source.at)}</p>
${sections.map(emotionSection).join('\n')}
</body></html>
`;
}
