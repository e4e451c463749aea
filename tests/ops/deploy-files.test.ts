/**
 * The deploy files hold together: Compose accepts docker-compose.yml (where a Compose client is
 * installed: `docker compose` or `docker-compose`; .ci/run installs one), the nginx config it mounts
 * exists, and the Dockerfile runs the production start command as an unprivileged user with a
 * HEALTHCHECK, on the current LTS Node and Debian stable, installing from the lock without a fallback,
 * puppeteer only with WITH_CHROMIUM=true; nginx re-resolves the replicas. (That the production start command serves /readyz on a clean build is shown by
 * tests/ops/production-start.test.ts.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { redisTopology } from '../../infra/redis.js';

function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return undefined;
}

const compose = composeCommand();

/** `compose config` of `files`, as Compose renders it (YAML). */
function render(...files: string[]): string {
  const [command, ...args] = compose!;
  return execFileSync(command!, [...args, ...files.flatMap((file) => ['-f', file]), 'config'], {
    encoding: 'utf8',
    env: { ...process.env, AGENTS: '', ADMIN_TOKEN: '' },
  });
}

/** The lines of one top-level service in rendered YAML (two-space indent under `services:`). */
function serviceBlock(rendered: string, name: string): string {
  const start = rendered.indexOf(`\n  ${name}:\n`);
  if (start < 0) return '';
  const rest = rendered.slice(start + name.length + 5);
  const end = rest.search(/\n {2}\S[^\n]*:\n|\n\S/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The `environment:` of a rendered service, as settings. */
function environmentOf(block: string): Record<string, string> {
  const section = /\n {4}environment:\n((?: {6}\S[^\n]*\n?)+)/.exec(`\n${block}`)?.[1] ?? '';
  return Object.fromEntries(
    [...section.matchAll(/^ {6}(\w+): ?(.*)$/gm)].map(([, key, value]) => [key!, value!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1')]),
  );
}
if (!compose) console.warn('Compose check skipped: neither `docker compose` nor `docker-compose` is installed (apt-get install docker-compose).');

describe('deploy files', () => {
  it.skipIf(!compose)('docker-compose.yml is accepted by Compose: Redis with AOF, two Baton replicas, a proxy', () => {
    const [command, ...args] = compose!;
    const rendered = execFileSync(command!, [...args, '-f', 'docker-compose.yml', 'config'], {
      encoding: 'utf8',
      env: { ...process.env, AGENTS: '', ADMIN_TOKEN: '' },
    });
    expect(rendered).toMatch(/appendonly/);
    expect(rendered).toMatch(/replicas: 2/);
    expect(rendered).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
    expect(rendered).toMatch(/8080/);
  });

  it.skipIf(!compose)('scales: no replica takes a host port (only the proxy does), so `--scale baton=4` starts four; the settings are valid', () => {
    const rendered = render('docker-compose.yml');
    const baton = serviceBlock(rendered, 'baton');
    expect(baton).toMatch(/replicas: 2/);
    expect(baton).not.toMatch(/\n {4}ports:/);
    expect(baton).not.toMatch(/container_name:/);
    expect(serviceBlock(rendered, 'proxy')).toMatch(/ports:/);
    expect(redisTopology(loadConfig(environmentOf(baton)))).toBe('single');
  });

  it.skipIf(!compose)('layers Redis Sentinel on top: a replica, three sentinels, Baton on REDIS_SENTINELS with a replica wait', () => {
    const rendered = render('docker-compose.yml', 'docker-compose.sentinel.yml');
    for (const name of ['redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3']) expect(serviceBlock(rendered, name), name).toMatch(/redis:7-alpine/);
    expect(serviceBlock(rendered, 'redis-replica')).toMatch(/--replicaof/);
    expect(serviceBlock(rendered, 'sentinel-1')).toMatch(/sentinel monitor baton redis 6379 2/);
    const config = loadConfig(environmentOf(serviceBlock(rendered, 'baton')));
    expect(redisTopology(config)).toBe('sentinel');
    expect(config).toMatchObject({ REDIS_SENTINEL_MASTER: 'baton', REDIS_WAIT_REPLICAS: 1, REDIS_URL: undefined });
  });

  it('mounts an nginx config that upgrades WebSockets, and a Dockerfile that runs as `node` with a HEALTHCHECK', () => {
    expect(existsSync('infra/deploy/nginx.conf')).toBe(true);
    expect(readFileSync('infra/deploy/nginx.conf', 'utf8')).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/--omit=dev/);
    expect(dockerfile).toMatch(/CMD \["node", "--max-semi-space-size=8", "--heap-growing-percent=15", "dist\/bots\/shop-assistant\/main\.js"\]/);
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
    expect(scripts['start:prod']).toBe('node --max-semi-space-size=8 --heap-growing-percent=15 dist/bots/shop-assistant/main.js');
    // The same heap setting wherever the bot runs (docs/performance.md, "Memory").
    expect(scripts.start).toBe('tsx --max-semi-space-size=8 --heap-growing-percent=15 --conditions=baton-source bots/shop-assistant/main.ts');
  });

  // The Docker daemon is not available where the suite runs, so what the image holds is checked here
  // from the Dockerfile (and tests/ops/dependencies.test.ts runs its production install for real).
  it('builds the image on the current LTS Node (as CI tests) and Debian stable, from the lock, with no fallback', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const ciMajor = readFileSync('.node-version', 'utf8').trim().split('.')[0];
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_VERSION=${ciMajor}$`, 'm'));
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map(([, image]) => image);
    expect(bases).toEqual(['node:${NODE_VERSION}-trixie-slim', 'node:${NODE_VERSION}-trixie-slim']);
    expect(dockerfile).not.toMatch(/npm install/);
    expect(dockerfile).not.toMatch(/npm ci[^\n]*\|\|/);
    const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));
    const installs = [...runtime.matchAll(/npm ci [^;\n]+/g)].map(([command]) => command);
    expect(installs).toEqual(['npm ci --omit=dev --no-audit --no-fund', 'npm ci --omit=dev --omit=peer --no-audit --no-fund']);
    // The install with whatsapp-web.js (puppeteer) is the WITH_CHROMIUM=true branch only.
    expect(runtime).toMatch(
      /if \[ "\$WITH_CHROMIUM" = "true" \]; then \\\n\s*npm ci --omit=dev --no-audit --no-fund; \\\n\s*else \\\n\s*npm ci --omit=dev --omit=peer/,
    );
    expect(runtime).toMatch(/^ENV .*BUILD_COMMIT=\$\{BUILD_COMMIT\}/m);
  });

  it('has nginx look the replicas up again, so a restarted replica with a new address is reached', () => {
    const nginx = readFileSync('infra/deploy/nginx.conf', 'utf8');
    expect(nginx).toMatch(/^resolver 127\.0\.0\.11 valid=\d+s/m);
    expect(nginx).toMatch(/upstream baton \{[^}]*zone baton \d+k;[^}]*server baton:3000 resolve;/);
    // `resolve` in an upstream needs nginx 1.27.3 or later.
    const [, minor] = /image: nginx:1\.(\d+)-alpine/.exec(readFileSync('docker-compose.yml', 'utf8')) ?? [];
    expect(Number(minor)).toBeGreaterThanOrEqual(28);
  });
});
