/**
 * `npx tsx tests/bench/profile-summary.ts <file.cpuprofile> [turns]`: where a V8 CPU profile's time went,
 * by self time grouped into the buckets the README's Benchmarks section reports (NLU, botbuilder, HTTP
 * and sockets, Redis client, JSON, logging, metrics, GC, our own code by folder...), and the top functions.
 * With `turns`, each bucket is also given in ms per turn.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, turnsArg, lastArg] = process.argv.slice(2);
if (!file) throw new Error('Usage: profile-summary.ts <file.cpuprofile> [turns] [last seconds]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
// Only the last `lastArg` seconds (the measured load) when given: start-up (model loading) is not a turn's cost.
const from = lastArg ? profile.endTime - Number(lastArg) * 1e6 : 0;
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

function bucket({ functionName, url }: ProfileNode['callFrame']): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'program (V8/native, unattributed)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg.startsWith('@nlpjs') || pkg === '@node-rs/jieba') return 'NLU libraries (nlp.js, jieba)';
    if (pkg.startsWith('botbuilder') || pkg.startsWith('botframework') || pkg.startsWith('@azure')) return 'botbuilder';
    if (pkg === 'ioredis' || pkg === '@ioredis/commands' || pkg === 'redis-parser' || pkg === 'cluster-key-slot') return 'Redis client';
    if (pkg === 'pino' || pkg.startsWith('pino-') || pkg === 'sonic-boom') return 'logging';
    if (pkg === 'prom-client') return 'metrics';
    if (
      [
        'express',
        'router',
        'body-parser',
        'raw-body',
        'cors',
        'helmet',
        'send',
        'finalhandler',
        'qs',
        'path-to-regexp',
        'type-is',
        'content-type',
        'on-finished',
      ].includes(pkg)
    )
      return 'express';
    if (pkg === 'ws') return 'WebSocket (ws)';
    return `package ${pkg}`;
  }
  if (url.startsWith('node:') || url === '') {
    if (/JSON|stringify|parse/.test(functionName)) return 'JSON';
    if (/node:(_http|http|net|stream|internal\/streams|internal\/http)/.test(url) || /writev|Write|onStreamRead|Socket/.test(functionName))
      return 'node http / sockets';
    return url ? `node ${url.replace(/^node:(internal\/)?/, '').split('/')[0]}` : `native ${functionName}`;
  }
  const own = /\/dist\/([^/]+\/[^/]+)/.exec(url)?.[1] ?? /\/(adapters|dialogs|handoff|infra|bots|nlu-models)\/([^/]+)/.exec(url)?.slice(1).join('/');
  return own ? `ours ${own}` : url;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
const busy = total - idle;
const buckets = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const name = bucket(node.callFrame);
  buckets.set(name, (buckets.get(name) ?? 0) + us);
  const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${node.callFrame.lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + us);
}
const turns = Number(turnsArg ?? 0);
const line = (name: string, us: number) =>
  `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${turns ? `${(us / 1000 / turns).toFixed(3).padStart(7)} ms/turn  ` : ''}${name}`;
console.log(
  `busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled${turns ? `, ${(busy / 1000 / turns).toFixed(2)} ms a turn over ${turns} turns` : ''}`,
);
console.log('-- by bucket (self time, idle excluded)');
for (const [name, us] of [...buckets]
  .filter(([n]) => n !== 'idle')
  .sort((a, b) => b[1] - a[1])
  .slice(0, 30))
  console.log(line(name, us));
console.log('-- top functions');
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(line(name, us));
