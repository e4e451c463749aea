/**
 * The import graph points down (docs/architecture.md): `infra/` is the ground floor, the engine
 * (`dialogs/`) owns its contracts and imports no edge, `nlu-models/` stands on `infra/` alone, the
 * handoff imports no flow, and the engine and the handoff import no platform SDK, no express, no HTTP or WebSocket server;
 * botbuilder stays in the engine's turn and dialog layer and the Bot Framework channel. Reads the
 * sources as text, as tests/ops/dependencies.test.ts does. Each exception is a short named list below,
 * with the reason it exists; shrink them, never grow them without saying why in docs/architecture.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const LAYER_FOLDERS = ['adapters', 'bots', 'desks', 'dialogs', 'handoff', 'infra', 'nlu-models', 'supervision'];

/** HTTP servers, sockets and web frameworks: edges only (adapters, desks, bots, named routers). */
const HTTP_AND_SOCKETS = ['express', 'ws', 'node:http', 'node:https', 'node:http2', 'node:net', 'http', 'https', 'http2', 'net'];
/** Customer and agent platform SDKs (and the browsers some of them drive). */
const PLATFORM_SDKS = ['@slack/', 'grammy', 'whatsapp-web.js', 'puppeteer', 'playwright-core', '@microsoft/', 'botframework-'];
/**
 * The Bot Framework SDK (botbuilder and its schema, connector and streaming packages): only the engine's
 * two doors to it, the turn kit and the dialog kit, which every other file (the engine's own included)
 * goes through, and the Bot Framework channel. Moving to the Agents SDK changes these (docs/agents-sdk-plan.md).
 */
const BOT_FRAMEWORK_SDK = ['botbuilder', 'botbuilder-', 'botframework-'];
const BOT_FRAMEWORK_KITS = ['dialogs/turn-kit.ts', 'dialogs/dialog-kit.ts'];
const BOT_FRAMEWORK_RULE = 'botbuilder and botframework-* only in the turn and dialog kits and adapters/botframework/';

/** supervision/ HTTP routers and the setups that mount them: the only supervision files with express. */
const SUPERVISION_ROUTERS = [
  'supervision/learning/models/models-router.ts',
  'supervision/learning/models/setup-models.ts',
  'supervision/practice/practice-router.ts',
  'supervision/practice/practice-setup.ts',
];

interface SourceFile {
  readonly path: string;
  readonly text: string;
}

interface Rule {
  readonly name: string;
  /** Which files the rule binds. */
  readonly applies: (path: string) => boolean;
  /** Whether one import (a repository path for relative imports, else the package specifier) breaks it. */
  readonly forbids: (target: string) => boolean;
}

const isTest = (path: string) => path.endsWith('.test.ts') || path.includes('/test-support/');
const under =
  (...folders: string[]) =>
  (path: string) =>
    folders.some((folder) => path.startsWith(`${folder.replace(/\/$/, '')}/`));
// A name ending in '/' or '-' is a family ('@slack/', 'botbuilder-'); any other matches itself and its subpaths.
const isPackage = (names: readonly string[]) => (target: string) =>
  names.some((name) => (name.endsWith('/') || name.endsWith('-') ? target.startsWith(name) : target === name || target.startsWith(`${name}/`)));
// Colocated tests may drive the real thing over HTTP or in a browser (STYLE 13): package rules bind production code.
const production = (applies: (path: string) => boolean) => (path: string) => applies(path) && !isTest(path);

const RULES: readonly Rule[] = [
  {
    name: 'infra/ imports nothing above it',
    applies: under('infra'),
    forbids: under('adapters', 'bots', 'desks', 'dialogs', 'handoff', 'nlu-models', 'supervision'),
  },
  {
    name: 'dialogs/ imports no adapter, bot, desk or supervision code',
    applies: under('dialogs'),
    forbids: under('adapters', 'bots', 'desks', 'supervision'),
  },
  {
    name: 'nlu-models/ imports no engine, handoff, adapter, bot or supervision code',
    applies: under('nlu-models'),
    forbids: under('dialogs', 'handoff', 'adapters', 'bots', 'desks', 'supervision'),
  },
  {
    name: 'handoff/ imports no dialog flow, adapter, desk, bot or supervision code',
    applies: under('handoff'),
    forbids: under('dialogs/flows', 'adapters', 'desks', 'bots', 'supervision'),
  },
  {
    name: 'desks/ (an edge, like adapters/) imports no bot or supervision code',
    applies: under('desks'),
    forbids: under('bots', 'supervision'),
  },
  {
    name: 'dialogs/ and handoff/ import no platform SDK, express or HTTP/WebSocket server',
    applies: production(under('dialogs', 'handoff')),
    forbids: isPackage([...HTTP_AND_SOCKETS, ...PLATFORM_SDKS]),
  },
  {
    name: BOT_FRAMEWORK_RULE,
    applies: production((path) => !BOT_FRAMEWORK_KITS.includes(path) && !under('adapters/botframework')(path)),
    forbids: isPackage(BOT_FRAMEWORK_SDK),
  },
  {
    name: 'supervision/ imports express or an HTTP server only in the routers named in SUPERVISION_ROUTERS',
    applies: production((path) => under('supervision')(path) && !SUPERVISION_ROUTERS.includes(path)),
    forbids: isPackage(HTTP_AND_SOCKETS),
  },
];

/** Every module a file imports (static, re-export, side-effect, dynamic): repository paths for relative ones. */
function importsOf({ path, text }: SourceFile): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? normalize(join(dirname(path), specifier)).replaceAll('\\', '/') : specifier));
}

/** One line per import that breaks a rule: `rule: file -> import`. */
function violations(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) =>
    RULES.filter((rule) => rule.applies(file.path)).flatMap((rule) =>
      importsOf(file)
        .filter(rule.forbids)
        .map((target) => `${rule.name}: ${file.path} -> ${target}`),
    ),
  );
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

// The package entry (index.ts) is production code too: it re-exports the turn kit, not botbuilder.
const sources = [...LAYER_FOLDERS.flatMap(tsFiles), 'index.ts'].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('import graph', () => {
  it('reads the whole tree, imports included', () => {
    expect(sources.length).toBeGreaterThan(300);
    const pipeline = sources.find((file) => file.path === 'dialogs/pipeline.ts')!;
    expect(importsOf(pipeline)).toContain('dialogs/turn-pipeline.js');
    const entry = sources.find((file) => file.path === 'index.ts')!;
    expect(importsOf(entry)).toContain('dialogs/turn-kit.js');
  });

  it('points down: no file breaks a layer rule', () => {
    expect(violations(sources)).toEqual([]);
  });

  it('names only files that exist in its exception lists', () => {
    const paths = new Set(sources.map((file) => file.path));
    const missing = [...BOT_FRAMEWORK_KITS, ...SUPERVISION_ROUTERS].filter((path) => !paths.has(path));
    expect(missing, 'an exception names a file that moved or went: drop it from the list').toEqual([]);
  });

  it('catches a bad import of every kind', () => {
    const bad: SourceFile[] = [
      { path: 'infra/cache.ts', text: "import type { HandoffEvent } from '../handoff/types.js';" },
      { path: 'infra/deep/thing.ts', text: "export { STAT } from '../../bots/telemetry.js';" },
      { path: 'dialogs/flows/x.ts', text: "import type { Channel } from '../../adapters/channel.js';" },
      { path: 'dialogs/y.ts', text: "const desk = await import('../desks/slack/index.js');" },
      { path: 'nlu-models/z.ts', text: "import { getLocale } from '../dialogs/turn-state.js';" },
      { path: 'handoff/service/w.ts', text: "import express from 'express';\nimport { App } from '@slack/bolt';" },
      { path: 'handoff/service/s.ts', text: "import { isStopCommand } from '../../dialogs/flows/common.js';" },
      { path: 'handoff/policy/v.ts', text: "import type { TurnContext } from 'botbuilder-core';" },
      { path: 'adapters/telegram/x.ts', text: "import { ActivityTypes, type Activity } from 'botbuilder';" },
      { path: 'index.ts', text: "export type { TurnContext } from 'botbuilder-core';" },
      { path: 'desks/slack/z.ts', text: "import type { Activity } from 'botframework-schema';" },
      { path: 'bots/q.ts', text: "const { CloudAdapter } = await import('botbuilder');" },
      { path: 'dialogs/flows/q.ts', text: "import { ComponentDialog } from 'botbuilder-dialogs';" },
      { path: 'dialogs/u.ts', text: "import { createServer } from 'node:http';" },
      { path: 'supervision/radar/t.ts', text: "import { Router } from 'express';" },
      { path: 'handoff/desk-x.ts', text: "import { createSlackDesk } from '../desks/slack/index.js';" },
      { path: 'desks/slack/y.ts', text: "import { createApp } from '../../bots/shop-assistant/app.js';" },
    ];
    expect(violations(bad)).toEqual([
      'infra/ imports nothing above it: infra/cache.ts -> handoff/types.js',
      'infra/ imports nothing above it: infra/deep/thing.ts -> bots/telemetry.js',
      'dialogs/ imports no adapter, bot, desk or supervision code: dialogs/flows/x.ts -> adapters/channel.js',
      'dialogs/ imports no adapter, bot, desk or supervision code: dialogs/y.ts -> desks/slack/index.js',
      'nlu-models/ imports no engine, handoff, adapter, bot or supervision code: nlu-models/z.ts -> dialogs/turn-state.js',
      'dialogs/ and handoff/ import no platform SDK, express or HTTP/WebSocket server: handoff/service/w.ts -> express',
      'dialogs/ and handoff/ import no platform SDK, express or HTTP/WebSocket server: handoff/service/w.ts -> @slack/bolt',
      'handoff/ imports no dialog flow, adapter, desk, bot or supervision code: handoff/service/s.ts -> dialogs/flows/common.js',
      `${BOT_FRAMEWORK_RULE}: handoff/policy/v.ts -> botbuilder-core`,
      `${BOT_FRAMEWORK_RULE}: adapters/telegram/x.ts -> botbuilder`,
      `${BOT_FRAMEWORK_RULE}: index.ts -> botbuilder-core`,
      `${BOT_FRAMEWORK_RULE}: desks/slack/z.ts -> botframework-schema`,
      `${BOT_FRAMEWORK_RULE}: bots/q.ts -> botbuilder`,
      `${BOT_FRAMEWORK_RULE}: dialogs/flows/q.ts -> botbuilder-dialogs`,
      'dialogs/ and handoff/ import no platform SDK, express or HTTP/WebSocket server: dialogs/u.ts -> node:http',
      'supervision/ imports express or an HTTP server only in the routers named in SUPERVISION_ROUTERS: supervision/radar/t.ts -> express',
      'handoff/ imports no dialog flow, adapter, desk, bot or supervision code: handoff/desk-x.ts -> desks/slack/index.js',
      'desks/ (an edge, like adapters/) imports no bot or supervision code: desks/slack/y.ts -> bots/shop-assistant/app.js',
    ]);
  });

  it('lets through what the layers allow', () => {
    const fine: SourceFile[] = [
      { path: 'dialogs/flows/x.ts', text: "import { ComponentDialog } from '../dialog-kit.js';\nimport { maskText } from '../../handoff/privacy/index.js';" },
      { path: 'dialogs/dialog-kit.ts', text: "export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';" },
      { path: 'desks/slack/app.ts', text: "import { App } from '@slack/bolt';" },
      { path: 'handoff/service/middleware.ts', text: "import { TurnContext } from '../../dialogs/turn-kit.js';" },
      { path: 'dialogs/turn-kit.ts', text: "export { TurnContext } from 'botbuilder-core';" },
      {
        path: 'adapters/botframework/a.ts',
        text: "import { CloudAdapter } from 'botbuilder';\nimport type { BotFrameworkAuthentication } from 'botframework-connector';",
      },
      { path: 'adapters/kit/turn-dedupe.test.ts', text: "import { TestAdapter } from 'botbuilder-core';" },
      { path: 'supervision/practice/practice-router.ts', text: "import { Router } from 'express';" },
      { path: 'infra/x.ts', text: "import { pino } from 'pino';\nimport { logFields } from './log-context.js';" },
      { path: 'bots/z.ts', text: "import { Telemetry } from './telemetry.js';\nimport express from 'express';" },
    ];
    expect(violations(fine)).toEqual([]);
  });
});
