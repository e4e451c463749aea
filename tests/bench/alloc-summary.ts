/**
 * `npx tsx tests/bench/alloc-summary.ts <alloc.heapprofile> <turns>`: what a turn allocates, by package or
 * file and by function (self size of V8's sampled allocations, per turn). The profile comes from
 * `ALLOC_PROBE_DIR=… npx tsx tests/bench/profile-turns.ts baton-redis`. Native frames (Map.set, Promise…)
 * are listed under the function that called them as well, since that is where a change would go.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const [file, turnsArg] = process.argv.slice(2);
if (!file || !turnsArg) {
  console.error('usage: alloc-summary.ts <alloc.heapprofile> <turns>');
  process.exit(2);
}
const turns = Number(turnsArg);
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: ProfileNode };
const where = (node: ProfileNode) => node.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
const nameOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${where(node)}:${node.callFrame.lineNumber + 1}`;
const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
const byCaller = new Map<string, number>();
const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
let total = 0;
const walk = (node: ProfileNode, caller: ProfileNode | undefined) => {
  total += node.selfSize;
  const url = where(node);
  add(byPackage, url.replace(/^node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') || '(native)', node.selfSize);
  add(byFunction, nameOf(node), node.selfSize);
  if (!node.callFrame.url && caller) add(byCaller, `${node.callFrame.functionName} < ${nameOf(caller)}`, node.selfSize);
  for (const child of node.children) walk(child, node.callFrame.url ? node : caller);
};
walk(head, undefined);
const kb = (bytes: number) => `${(bytes / 1024 / turns).toFixed(1).padStart(7)} KB`;
const top = (title: string, map: Map<string, number>, count: number) => {
  console.log(`-- ${title}`);
  for (const [key, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(kb(bytes), key);
};
console.log(`sampled ${kb(total)} a turn over ${turns} turns`);
top('by package or file', byPackage, 25);
top('by function', byFunction, 30);
top('native allocations by the function that called them', byCaller, 20);
