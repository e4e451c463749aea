/**
 * The Grafana dashboard in infra/deploy/ imports cleanly and queries only metrics Baton exports.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../infra/metrics.js';
import { createScorecardMetrics } from '../../supervision/scorecard/index.js';

describe('Grafana dashboard JSON', () => {
  it('is valid JSON whose every query names an exported metric', async () => {
    const dashboard = JSON.parse(await readFile('infra/deploy/grafana-dashboard.json', 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const { registry } = createMetrics();
    // The agents' scorecard registers its metrics on the same registry (bots/scorecard-setup.ts).
    createScorecardMetrics(registry);
    const exported = new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name));
    expect(dashboard.panels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const names = [...expr.matchAll(/\b(?:baton|process|nodejs)_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));
        expect(names.length, expr).toBeGreaterThan(0);
        for (const name of names) expect(exported.has(name), `${panel.title}: ${name}`).toBe(true);
      }
    }
  });
});
