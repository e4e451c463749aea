/**
 * `npm pack` gives a package a fresh project installs and runs a bot with: the working tree is copied
 * to a staging folder (so the repository's own dist/ is left alone), built and packed there; the
 * tarball is unpacked into a new project's node_modules/baton, beside links to the dependencies already
 * installed here (no registry needed). A few-line TypeScript bot, type-checked against the package's
 * declarations and run by Node on a model the project trains with the package's `baton-nlu` command,
 * answers a customer over Direct Line HTTP.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCustomer } from '../support/directline-customer.js';

const repo = resolve(import.meta.dirname, '../..');
const dependencies = realpathSync(join(repo, 'node_modules'));

/** The few lines a framework user writes (README, "Framework quick start"). */
/** The project's own corpus: two intents and out-of-scope rows, as `baton-nlu train` reads them. */
const CORPUS = [
  ...['hello', 'hi there', 'good morning', 'hey', 'hello, anyone there?', 'hi!', 'good evening', 'hey there, how are you'].map((text) => ({
    text,
    intent: 'greeting',
  })),
  ...[
    'when are you open',
    'what are your opening hours',
    'are you open on sunday',
    'what time do you close',
    'opening times please',
    'until when are you open today',
    'are you open now',
    'hours on saturday',
  ].map((text) => ({ text, intent: 'opening_hours' })),
  ...["what's the weather like", 'tell me a joke', 'who won the football match', 'how do I bake bread', 'what is the capital of france', 'play some music'].map(
    (text) => ({
      text,
      intent: 'None',
    }),
  ),
]
  .map((row) => JSON.stringify({ ...row, locale: 'en' }))
  .join('\n');

const BOT = `import { createBaton, getRecognition, type BotDefinition } from 'baton';

const bot: BotDefinition = {
  id: 'hello-bot',
  name: 'Hello Bot',
  modelDir: process.argv[2]!,
  create: () => ({
    logic: async (context) => {
      await context.sendActivity(\`Hello from a packaged Baton (intent: \${getRecognition(context)?.intent ?? 'none'})\`);
    },
  }),
};

const baton = await createBaton({ config: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, bot });
const port = await baton.start();
console.log(JSON.stringify({ listening: port }));
process.once('SIGTERM', () => void baton.stop().then(() => process.exit(0)));
`;

describe('npm pack', () => {
  const root = mkdtempSync(join(tmpdir(), 'baton-pack-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('packs declarations without tests or sources, and a fresh project runs a bot from the tarball', { timeout: 180_000 }, async () => {
    // Stage the working tree (tracked and new files, as git sees them) and build it there.
    const stage = join(root, 'stage');
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
    // (A worktree's node_modules may be a link, which a `node_modules/` ignore rule does not match.)
    for (const file of files.split('\0').filter((path) => path && path !== 'node_modules' && !path.startsWith('dist/'))) {
      try {
        cpSync(join(repo, file), join(stage, file));
      } catch (error) {
        // A file deleted in the working tree but still in the index is not part of it.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    symlinkSync(dependencies, join(stage, 'node_modules'));
    execFileSync('npm', ['run', '-s', 'build'], { cwd: stage, stdio: 'pipe', timeout: 150_000 });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', root], { cwd: stage, encoding: 'utf8' })) as [
      { filename: string; files: { path: string }[] },
    ];
    const paths = packed.files.map((file) => file.path);

    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    expect(paths).toContain('dist/bots/create-baton.d.ts');
    expect(paths.filter((path) => path.startsWith('dist/nlu-models/models/')).length).toBeGreaterThan(0);
    expect(paths).toContain('dist/nlu-models/cli.js');
    expect(
      (JSON.parse(execFileSync('tar', ['-xzOf', join(root, packed.filename), 'package/package.json'], { encoding: 'utf8' })) as { bin: Record<string, string> })
        .bin,
    ).toEqual({
      'baton-nlu': './dist/nlu-models/cli.js',
    });
    expect(paths.filter((path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(path))).toEqual([]);
    expect(paths.filter((path) => /\.test\.|test-support|(?<!\.d)\.ts$/.test(path))).toEqual([]);

    // A fresh project: the package from the tarball, its dependencies linked from this install.
    const app = join(root, 'app');
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, 'baton'), { recursive: true });
    execFileSync('tar', ['-xzf', join(root, packed.filename), '-C', join(modules, 'baton'), '--strip-components=1']);
    for (const name of readdirSync(dependencies)) {
      if (name !== 'baton' && !name.startsWith('.')) symlinkSync(join(dependencies, name), join(modules, name));
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'hello-bot', private: true, type: 'module' }));
    writeFileSync(join(app, 'bot.ts'), BOT);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          allowImportingTsExtensions: true,
        },
        files: ['bot.ts'],
      }),
    );
    // The declarations type the bot (no `any` reaches it: the context parameter is a TurnContext).
    execFileSync(process.execPath, [join(dependencies, 'typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, stdio: 'pipe', timeout: 60_000 });

    // The project trains its own model with the packaged command (`npx baton-nlu train` once installed from a registry).
    writeFileSync(join(app, 'corpus.jsonl'), `${CORPUS}\n`);
    execFileSync(process.execPath, [join(modules, 'baton/dist/nlu-models/cli.js'), 'train', '--data', 'corpus.jsonl', '--out', 'model'], {
      cwd: app,
      stdio: 'pipe',
      timeout: 60_000,
    });
    expect(readdirSync(join(app, 'model'))).toContain('manifest.json');

    child = spawn(process.execPath, ['bot.ts', join(app, 'model')], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const port = await new Promise<number>((listening, failed) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /\{"listening":(\d+)\}/.exec(output);
        if (found) listening(Number(found[1]));
      });
      child!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child!.once('exit', (code) => failed(new Error(`the bot exited with ${code}:\n${output}`)));
    });

    const customer = await startCustomer(`http://127.0.0.1:${port}`);
    const replies = await customer.say('what are your opening hours on sunday?');
    expect(replies.map((reply) => reply.text)).toContainEqual('Hello from a packaged Baton (intent: opening_hours)');

    const exited = new Promise<number | null>((done) => child!.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  });
});
