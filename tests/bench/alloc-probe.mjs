// Preloaded into the bot by tests/bench/profile-turns.ts (node --import) when ALLOC_PROBE_DIR is set: the
// first SIGUSR2 starts V8's sampling heap profiler keeping collected objects (so it shows what a turn
// allocates, not what stays) and notes the bytes allocated so far; the second writes `alloc.heapprofile`
// and the bytes allocated since to ALLOC_PROBE_DIR. A benchmark tool only; the bot never loads it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';

const dir = process.env.ALLOC_PROBE_DIR ?? '/tmp';
const session = new Session();
session.connect();
let startedAt;
process.on('SIGUSR2', async () => {
  if (startedAt === undefined) {
    startedAt = v8.getHeapStatistics().total_allocated_bytes;
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    writeFileSync(`${dir}/alloc-started.json`, '{}');
    return;
  }
  const { profile } = await session.post('HeapProfiler.stopSampling');
  writeFileSync(`${dir}/alloc.heapprofile`, JSON.stringify(profile));
  writeFileSync(`${dir}/alloc.json`, JSON.stringify({ allocatedBytes: v8.getHeapStatistics().total_allocated_bytes - startedAt }));
});
