/**
 * The deploy files hold together: Compose accepts docker-compose.yml (where a Compose client is
 * installed: `docker compose` or `docker-compose`; .ci/run installs one), the nginx config it mounts
 * exists, and the Dockerfile runs the production start command as an unprivileged user with a
 * HEALTHCHECK. (That the production start command serves /readyz on a clean build is shown by
 * tests/ops/production-start.test.ts.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return undefined;
}

const compose = composeCommand();
if (!compose) console.warn('Compose check skipped: neither `docker compose` nor `docker-compose` is installed (apt-get install docker-compose).');

describe('deploy files', () => {
  it.skipIf(!compose)('docker-compose.yml is accepted by Compose: Redis with AOF, two Baton replicas, a proxy', () => {
    const [command, ...args] = compose!;
    const rendered = execFileSync(command!, [...args, '-f', 'docker-compose.yml', 'config'], { encoding: 'utf8', env: { ...process.env, AGENTS: '', ADMIN_TOKEN: '' } });
    expect(rendered).toMatch(/appendonly/);
    expect(rendered).toMatch(/replicas: 2/);
    expect(rendered).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
    expect(rendered).toMatch(/8080/);
  });

  it('mounts an nginx config that upgrades WebSockets, and a Dockerfile that runs as `node` with a HEALTHCHECK', () => {
    expect(existsSync('infra/deploy/nginx.conf')).toBe(true);
    expect(readFileSync('infra/deploy/nginx.conf', 'utf8')).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/--omit=dev/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/bots\/shop-assistant\/main\.js"\]/);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod']).toBe('node dist/bots/shop-assistant/main.js');
  });
});
