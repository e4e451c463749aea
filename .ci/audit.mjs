// npm audit of the production dependencies (whatsapp-web.js included: images built WITH_CHROMIUM=true
// ship it): a high or critical advisory fails CI and is listed with its fix. A registry that cannot answer
// audits (some mirrors refuse the bulk endpoint) is reported as a warning, or fails the run when
// BATON_AUDIT_REQUIRED=1, since then nothing was checked.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = { message: (run.stderr || run.stdout || 'no output').trim().split('\n')[0] };
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const reason = report.error?.summary || report.message || 'unknown error';
  console.log(`::warning::npm audit could not check the production dependencies: ${reason}`);
  process.exit(process.env.BATON_AUDIT_REQUIRED === '1' ? 1 : 0);
}

const serious = Object.values(report.vulnerabilities ?? {}).filter((entry) => entry.severity === 'high' || entry.severity === 'critical');
console.log(`npm audit (production): ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low`);
for (const entry of serious) {
  const titles = entry.via.filter((via) => typeof via === 'object').map((via) => `${via.title} (${via.url})`);
  const fix = entry.fixAvailable
    ? `fix: ${typeof entry.fixAvailable === 'object' ? `${entry.fixAvailable.name}@${entry.fixAvailable.version}` : 'npm audit fix'}`
    : 'no fix yet';
  console.log(`- ${entry.severity} ${entry.name} ${entry.range}: ${titles.join('; ') || `through ${entry.via.join(', ')}`}; ${fix}`);
}
process.exit(serious.length > 0 ? 1 : 0);
