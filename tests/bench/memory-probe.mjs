// Preloaded into the bot by tests/bench/profile-memory.ts (node --import): on SIGUSR2 it writes the
// process's memory split and V8's heap spaces to MEMORY_PROBE_DIR, and a heap snapshot when
// MEMORY_PROBE_SNAPSHOT is set; then the same after a full garbage collection. A benchmark tool only; the bot never loads it.
import { readFileSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const dir = process.env.MEMORY_PROBE_DIR ?? '/tmp';
const mb = (bytes) => Math.round(bytes / 104857.6) / 10;
process.on('SIGUSR2', () => {
  const stamp = Date.now();
  if (process.env.MEMORY_PROBE_SNAPSHOT) v8.writeHeapSnapshot(`${dir}/baton-${process.pid}-${stamp}.heapsnapshot`);
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ''), `${mb(s.space_used_size)}/${mb(s.physical_space_size)}`]),
  );
  // Resident pages by kind: anonymous (V8's heap, malloc, stacks) against file-backed (the node binary, ICU, add-ons).
  const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
  const figures = {
    rssMb: mb(rss),
    anonymousMb: mb(kb('Anonymous') * 1024),
    fileBackedMb: mb((kb('Rss') - kb('Anonymous')) * 1024),
    heapTotalMb: mb(heapTotal),
    heapUsedMb: mb(heapUsed),
    externalMb: mb(external),
    arrayBuffersMb: mb(arrayBuffers),
    spacesUsedOfCommittedMb: spaces,
  };
  // Then a full collection: what is live, as against what V8 has not collected yet.
  v8.setFlagsFromString('--expose-gc');
  runInNewContext('gc')();
  const live = process.memoryUsage();
  Object.assign(figures, { afterFullGc: { rssMb: mb(live.rss), heapUsedMb: mb(live.heapUsed), heapTotalMb: mb(live.heapTotal) } });
  writeFileSync(`${dir}/baton-memory-${process.pid}-${stamp}.json`, JSON.stringify(figures));
});
