/**
 * The Dockerfile's start command, outside Docker: a clean `npm run build`, then
 * `node dist/bots/shop-assistant/main.js` serves /readyz, the widget, the agent console and the
 * dashboard from the compiled files, and stops with exit code 0 on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/baton-process.js';

describe('production start command on a clean build', () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('builds, serves /readyz and the pages, and exits 0 on SIGTERM', { timeout: 240_000 }, async () => {
    rmSync('dist', { recursive: true, force: true });
    execFileSync('npm', ['run', '-s', 'build'], { stdio: 'pipe', timeout: 180_000 });
    const port = await freePort();
    let output = '';
    child = spawn(process.execPath, ['dist/bots/shop-assistant/main.js'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((wake) => setTimeout(wake, 100));
    }
    expect(ready, `not ready; output:\n${output}`).toBe(true);
    for (const path of ['/', '/widget/baton-widget.js', '/agent/', '/dashboard/']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    }
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
