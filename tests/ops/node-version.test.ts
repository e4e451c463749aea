/**
 * CI runs the suite on the current LTS Node that .ci/run installs (BATON_CI_NODE_VERSION, from
 * .node-version), not on whatever Node the machine has; and that Node satisfies package.json's engines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ciVersion = process.env.BATON_CI_NODE_VERSION;

describe('Node version', () => {
  it.runIf(ciVersion)('is the one .ci/run chose, of the major in .node-version', () => {
    expect(process.versions.node).toBe(ciVersion);
    expect(process.versions.node.split('.')[0]).toBe(readFileSync('.node-version', 'utf8').trim().split('.')[0]);
  });

  it(".node-version (CI and the image) is at or above package.json's engines", () => {
    const [major, minor] = readFileSync('.node-version', 'utf8').trim().split('.').map(Number);
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    const [, lowMajor, lowMinor] = /^>=(\d+)\.(\d+)$/.exec(engines)!.map(Number);
    expect(engines).toBe('>=22.12');
    expect(major! > lowMajor! || (major === lowMajor && minor! >= lowMinor!)).toBe(true);
  });
});
