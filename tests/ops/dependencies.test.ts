/**
 * The dependency tree holds what the code imports and nothing else: every production dependency is
 * imported by production code, every package the code imports is declared, tools (tsx, esbuild,
 * TypeScript, vitest) stay devDependencies, whatsapp-web.js (puppeteer) is a peer that production
 * installs leave out, and the lock records every platform's prebuilt binaries so `npm ci` takes it on
 * any machine. The last test runs the Dockerfile's own production install in a scratch folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface PackageJson {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}
interface LockEntry {
  dev?: boolean;
  peer?: boolean;
  optionalDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
const PRODUCTION_FOLDERS = ['adapters', 'bots', 'dialogs', 'handoff', 'infra', 'nlu-models', 'supervision'];

function tsFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The packages a file imports (static, dynamic, side-effect and require), by package name. */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return (
    specifiers
      // The package importing itself by name ('baton', the public entry) needs no declaration.
      .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier) && specifier !== pkg.name)
      .map((specifier) =>
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      )
  );
}

function importsOf(files: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) for (const name of importedPackages(file)) if (!found.has(name)) found.set(name, file);
  return found;
}

const isTest = (file: string) => file.endsWith('.test.ts') || file.includes('/test-support/');
const productionFiles = ['index.ts', ...PRODUCTION_FOLDERS.flatMap(tsFiles).filter((file) => !isTest(file))];
const testFiles = [...PRODUCTION_FOLDERS.flatMap(tsFiles).filter(isTest), ...tsFiles('tests'), 'vitest.config.ts', 'vitest.reliability.config.ts'];

describe('dependencies', () => {
  it('declares for production exactly what production code imports', () => {
    const imported = importsOf(productionFiles);
    const runtime = { ...pkg.dependencies, ...pkg.peerDependencies };
    const undeclared = [...imported].filter(([name]) => !(name in runtime)).map(([name, file]) => `${name} (${file})`);
    expect(undeclared, 'imported by production code but not in dependencies').toEqual([]);
    const unused = Object.keys(runtime).filter((name) => !imported.has(name));
    expect(unused, 'in dependencies but imported by no production code').toEqual([]);
  });

  it('declares every package the tests import', () => {
    const declared = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies };
    const undeclared = [...importsOf(testFiles)].filter(([name]) => !(name in declared)).map(([name, file]) => `${name} (${file})`);
    expect(undeclared).toEqual([]);
  });

  it('keeps the tools out of production, and whatsapp-web.js (puppeteer) a peer that production installs can omit', () => {
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(pkg.dependencies).not.toHaveProperty(tool);
    expect(pkg.devDependencies).toHaveProperty('tsx');
    expect(pkg.peerDependencies).toHaveProperty('whatsapp-web.js');
    expect(lock.packages['node_modules/esbuild']).toMatchObject({ dev: true });
    expect(lock.packages['node_modules/tsx']).toMatchObject({ dev: true });
    expect(lock.packages['node_modules/puppeteer']).toMatchObject({ peer: true });
    expect(lock.packages['node_modules/puppeteer']?.dev).toBeFalsy();
  });

  it("records every platform's prebuilt binaries in the lock, so npm ci takes it on any machine", () => {
    for (const name of ['@node-rs/jieba', 'esbuild', '@biomejs/biome', 'typescript']) {
      const platforms = Object.keys(lock.packages[`node_modules/${name}`]?.optionalDependencies ?? {});
      expect(platforms.length, name).toBeGreaterThan(5);
      const missing = platforms.filter(
        (platform) => !lock.packages[`node_modules/${platform}`] && !lock.packages[`node_modules/${name}/node_modules/${platform}`],
      );
      expect(missing, name).toEqual([]);
    }
  });

  it("installs, with the Dockerfile's production command, no esbuild, tsx, puppeteer or whatsapp-web.js", { timeout: 300_000 }, () => {
    const command = /else \\\n\s*(npm ci [^;\n]+);/.exec(readFileSync('Dockerfile', 'utf8'))?.[1];
    expect(command).toMatch(/^npm ci --omit=dev --omit=peer /);
    const folder = mkdtempSync(join(tmpdir(), 'baton-prod-install-'));
    try {
      for (const file of ['package.json', 'package-lock.json', '.npmrc']) writeFileSync(join(folder, file), readFileSync(file));
      // Install scripts are not what this checks (and botbuilder-dialogs' would run npx).
      execFileSync('npm', [...command!.split(/\s+/).slice(1), '--ignore-scripts', '--prefer-offline'], {
        cwd: folder,
        stdio: 'pipe',
        timeout: 280_000,
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
      });
      const has = (name: string) => existsSync(join(folder, 'node_modules', name, 'package.json'));
      for (const name of ['esbuild', 'tsx', 'puppeteer', 'puppeteer-core', 'whatsapp-web.js', 'vitest']) expect(has(name), name).toBe(false);
      for (const name of [...Object.keys(pkg.dependencies)]) expect(has(name), name).toBe(true);
      const jiebaBinaries = readdirSync(join(folder, 'node_modules', '@node-rs')).filter((name) => name.startsWith('jieba-'));
      expect(jiebaBinaries.length, "jieba's binary for this platform").toBeGreaterThan(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
