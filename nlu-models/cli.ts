#!/usr/bin/env node
/**
 * `npm run nlu -- <command>` (in a project that installed the package: `npx baton-nlu <command>`): train and
 * measure the NLU. `--help` lists the commands, `<command> --help`
 * (or `help <command>`) the flags of one (cli-help.ts).
 *   train [--data FILE.jsonl ...] [--validation FILE.jsonl ...] [--out DIR] [--bits N] [--max-accuracy-drop X]
 *         [--max-false-rejection X]
 *   eval --data FILE.jsonl [--model DIR] [--json] [--html FILE]
 *   emotion-train [--data FILE.jsonl ...] [--data-dir DIR] [--out DIR]
 *   emotion-eval --data FILE.jsonl [--json] [--html FILE]
 * Bad input exits with code 2 and a message that says the fix; progress goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { ALLOWED, COMMAND_HELP, helpFor, USAGE } from './cli-help.js';
import { NluInputError } from './errors.js';
import { LINEAR_EPOCHS, MAX_EPOCHS } from './intent-model.js';
import { readEmotionRows, readIntentRows } from './jsonl.js';
import { evaluateEmotion, evaluateIntents } from './metrics.js';
import { defaultShopModelDir, loadRecognizer } from './nlp-recognizer.js';
import { renderEmotionReport, renderReport } from './report-html.js';
import { defaultEmotionModelDir } from './emotion/emotion-model.js';
import { defaultDataDir, shoppingCorpus, tweetCorpus } from './emotion/emotion-corpora.js';
import { emotionCorpusDir, trainEmotionModels, type EmotionCorpusRows } from './emotion/emotion-train.js';
import { jsonlFilesIn, shopCorpusDir, shopValidationDir, trainModel, type TrainProgress } from './train.js';

/** Command-line values after parsing. */
interface Values {
  data?: string[];
  validation?: string[];
  out?: string;
  model?: string;
  json?: boolean;
  html?: string;
  bits?: string;
  'max-accuracy-drop'?: string;
  'max-false-rejection'?: string;
  'data-dir'?: string;
}

/** A number flag within [min, max]; NluInputError naming the flag otherwise. */
function numberFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new NluInputError(`--${name} must be a number from ${min} to ${max}: got '${value}'.`);
  return n;
}

/** The false-rejection budget of `train --data` without a goal flag. */
const DEFAULT_FALSE_REJECTION = 0.01;

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);

function bar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    { stream: process.stderr, format: '{task} [{bar}] {value}/{total} {info}', hideCursor: false, noTTYOutput: true, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
}

function train({ data, out, validation, bits, 'max-accuracy-drop': drop, 'max-false-rejection': rejection }: Values): void {
  const custom = data !== undefined && data.length > 0;
  const maxBits = numberFlag('bits', bits, 12, 20);
  const maxAccuracyDrop = numberFlag('max-accuracy-drop', drop, 0, 1);
  const maxFalseRejection = numberFlag('max-false-rejection', rejection, 0, 1);
  if (maxAccuracyDrop !== undefined && maxFalseRejection !== undefined) {
    throw new NluInputError('Pass either --max-accuracy-drop or --max-false-rejection: they are two ways to set one operating point.');
  }
  // The shop model keeps the operating point its figures were measured at; other data gets a rejection
  // budget, which holds on new questions (see ThresholdGoal.maxFalseRejection).
  const goal =
    maxAccuracyDrop !== undefined
      ? { maxAccuracyDrop }
      : maxFalseRejection !== undefined
        ? { maxFalseRejection }
        : custom
          ? { maxFalseRejection: DEFAULT_FALSE_REJECTION }
          : undefined;
  const outDir = resolve(out ?? (custom ? 'nlu-models/models/custom' : defaultShopModelDir));
  const progress = bar();
  const onProgress = (e: TrainProgress): void => {
    // One bar per locale: the linear model's epochs, then nlp.js's (which usually stops early).
    if (e.kind === 'locale') progress.start(LINEAR_EPOCHS + MAX_EPOCHS, 0, { task: `train ${e.locale} (${e.index + 1}/${e.total}, ${e.rows} rows)`, info: '' });
    else if (e.kind === 'epoch') progress.update(e.model === 'linear' ? e.epoch : LINEAR_EPOCHS + e.epoch, { info: `${e.model} loss ${e.loss.toFixed(5)}` });
    else {
      progress.update(LINEAR_EPOCHS + MAX_EPOCHS, { info: `minScore ${e.thresholds.minScore} minSimilarity ${e.thresholds.minSimilarity}` });
      progress.stop();
    }
  };
  const summary = trainModel({
    dataFiles: custom ? data.map((f) => resolve(f)) : jsonlFilesIn(shopCorpusDir),
    validationFiles: validation?.map((f) => resolve(f)) ?? (custom ? [] : jsonlFilesIn(shopValidationDir)),
    carveValidation: true,
    goal,
    maxBits,
    outDir,
    onProgress,
  });
  const rows = Object.entries(summary.rows)
    .map(([l, n]) => `${l}: ${n}`)
    .join(', ');
  console.log(`Trained ${summary.locales.join(', ')} (${rows}) in ${summary.seconds.toFixed(1)} s into ${outDir}`);
}

async function evalIntents(file: string, modelDir: string | undefined, json: boolean, html: string | undefined): Promise<void> {
  const rows = readIntentRows(file);
  const model = modelDir ? resolve(modelDir) : defaultShopModelDir;
  const recognizer = await loadRecognizer({ modelDir: model });
  const progress = bar();
  progress.start(rows.length, 0, { task: 'eval', info: '' });
  const report = await evaluateIntents(recognizer, rows, () => progress.increment());
  progress.stop();
  if (html) {
    writeFileSync(resolve(html), renderReport(report, { data: file, model, at: new Date().toISOString() }));
    process.stderr.write(`report written to ${resolve(html)}\n`);
  }
  if (json) console.log(JSON.stringify(report));
  else {
    console.log(`rows                ${report.count}`);
    console.log(`in-scope accuracy   ${pct(report.inScopeAccuracy)}`);
    console.log(`macro-F1 (in-scope) ${pct(report.macroF1)}`);
    console.log(`out-of-scope recall ${pct(report.oosRecall)}`);
    console.log(`in-scope rejected   ${pct(report.falseRejectRate)}`);
    console.log('most confused (expected -> recognized, rows):');
    for (const c of report.confusions.slice(0, 10)) console.log(`  ${c.gold} -> ${c.predicted}  ${c.count}  e.g. "${c.example}"`);
  }
}

function trainEmotion({ data, out, 'data-dir': dataDir }: Values): void {
  const custom = data !== undefined && data.length > 0;
  const files = custom ? data.map((f) => resolve(f)) : jsonlFilesIn(emotionCorpusDir);
  const outDir = resolve(out ?? defaultEmotionModelDir);
  // The shipped models learn from the large corpora too; a shop's own rows alone unless it names a folder.
  let corpus: EmotionCorpusRows | undefined;
  if (!custom || dataDir !== undefined) {
    const dir = resolve(dataDir ?? defaultDataDir());
    const zh = shoppingCorpus(dir);
    const en = tweetCorpus(dir);
    corpus = { train: [...zh.train, ...en.train], dev: [...zh.dev, ...en.dev] };
    process.stderr.write(
      `training on the team's rows + ${zh.train.length} online_shopping_zh and ${en.train.length} tweets_en rows; ${zh.dev.length} and ${en.dev.length} held out as dev\n`,
    );
  }
  const { settings, compared } = trainEmotionModels(
    files.flatMap((f) => readEmotionRows(f)),
    outDir,
    corpus,
  );
  for (const [locale, s] of Object.entries(settings)) {
    const how = s.devRows ? `dev F1 ${s.crossValidatedF1} on ${s.devRows} held-out rows` : `cross-validated F1 ${s.crossValidatedF1}`;
    console.log(`${locale}: ${s.rows} rows, lexicon ${s.lexicon ?? 1}, model weight ${s.weight}, threshold ${s.threshold}, ${how}`);
    for (const c of compared[locale] ?? []) console.log(`  best with lexicon ${c.lexicon}: weight ${c.weight}, threshold ${c.threshold}, dev F1 ${c.f1}`);
  }
  console.log(`Emotion models written to ${outDir}`);
}

function evalEmotion(file: string, json: boolean, html: string | undefined): void {
  const report = evaluateEmotion(readEmotionRows(file));
  if (html) {
    writeFileSync(resolve(html), renderEmotionReport([{ name: file, report }], { data: file, model: defaultEmotionModelDir, at: new Date().toISOString() }));
    process.stderr.write(`report written to ${resolve(html)}\n`);
  }
  if (json) console.log(JSON.stringify(report));
  else {
    console.log(`rows      ${report.count}`);
    console.log(`precision ${pct(report.precision)}`);
    console.log(`recall    ${pct(report.recall)}`);
    console.log(`F1        ${pct(report.f1)}`);
    console.log(`negative  ${pct(report.flagged)} of all rows`);
    for (const d of report.perDomain ?? []) console.log(`  ${d.domain}: F1 ${pct(d.f1)}, ${d.count} rows, ${pct(d.flagged)} scored negative`);
  }
}

type Parsed = { readonly help: string } | { readonly command: string; readonly values: Values };

function parse(argv: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string', multiple: true },
      validation: { type: 'string', multiple: true },
      out: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      bits: { type: 'string' },
      'max-accuracy-drop': { type: 'string' },
      'max-false-rejection': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...extra] = positionals;
  if (command === 'help') {
    const topic = extra[0];
    if (topic !== undefined && !(topic in COMMAND_HELP)) throw new NluInputError(`No help for '${topic}'. Commands: ${Object.keys(COMMAND_HELP).join(', ')}.`);
    return { help: helpFor(topic) };
  }
  if (values.help) return { help: helpFor(command) };
  if (!command || !(command in ALLOWED))
    throw new NluInputError(`Unknown command '${command ?? ''}'. Use train, eval, emotion-train or emotion-eval.\n${USAGE}`);
  if (extra.length > 0) throw new NluInputError(`Unexpected argument '${extra[0]}'. Pass files with --data FILE.jsonl.\n${USAGE}`);
  const bad = Object.keys(values).find((k) => !ALLOWED[command]?.includes(k));
  if (bad) throw new NluInputError(`'${command}' does not take --${bad}. It takes: ${ALLOWED[command]?.map((f) => `--${f}`).join(' ')}.\n${USAGE}`);
  if (!command.endsWith('train') && values.data?.length !== 1) throw new NluInputError(`'${command}' needs exactly one --data FILE.jsonl.\n${USAGE}`);
  return { command, values };
}

async function main(argv: string[]): Promise<void> {
  const parsed = parse(argv);
  if ('help' in parsed) return void console.log(parsed.help);
  const { command, values } = parsed;
  const data = values.data ?? [];
  if (command === 'train') train(values);
  else if (command === 'emotion-train') trainEmotion(values);
  else if (command === 'eval') await evalIntents(data[0] ?? '', values.model, values.json ?? false, values.html);
  else evalEmotion(data[0] ?? '', values.json ?? false, values.html);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // parseArgs reports unknown flags with an ERR_PARSE_ARGS_* code: bad input, like NluInputError.
  const code = (error as { code?: unknown }).code;
  if (error instanceof NluInputError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nlu: ${message}${error instanceof NluInputError ? '' : `\n${USAGE}`}\n`);
    process.exit(2);
  }
  process.stderr.write(`nlu: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
