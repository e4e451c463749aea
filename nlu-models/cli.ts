/**
 * `npm run nlu -- <command>`: train and measure the NLU.
 *   train [--data FILE.jsonl ...] [--out DIR]
 *   eval --data FILE.jsonl [--model DIR] [--json]
 *   emotion-eval --data FILE.jsonl [--json]
 * Bad input exits with code 2 and a message that says the fix; progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { NluInputError } from './errors.js';
import { LINEAR_EPOCHS, MAX_EPOCHS } from './intent-model.js';
import { readEmotionRows, readIntentRows } from './jsonl.js';
import { evaluateEmotion, evaluateIntents } from './metrics.js';
import { defaultShopModelDir, loadRecognizer } from './nlp-recognizer.js';
import { jsonlFilesIn, shopCorpusDir, shopValidationDir, trainModel, type TrainProgress } from './train.js';

const USAGE = `Usage: npm run nlu -- <command>
  train [--data FILE.jsonl ...] [--out DIR]     train the shop model, or a model from your files
  eval --data FILE.jsonl [--model DIR] [--json] intent accuracy, macro-F1, out-of-scope recall
  emotion-eval --data FILE.jsonl [--json]       precision, recall, F1 of negative emotion`;

const ALLOWED: Record<string, readonly string[]> = {
  train: ['data', 'out'],
  eval: ['data', 'model', 'json'],
  'emotion-eval': ['data', 'json'],
};

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);

function bar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    { stream: process.stderr, format: '{task} [{bar}] {value}/{total} {info}', hideCursor: false, noTTYOutput: true, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
}

function train(data: string[] | undefined, out: string | undefined): void {
  const custom = data !== undefined && data.length > 0;
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
    validationFiles: custom ? [] : jsonlFilesIn(shopValidationDir),
    outDir,
    onProgress,
  });
  const rows = Object.entries(summary.rows).map(([l, n]) => `${l}: ${n}`).join(', ');
  console.log(`Trained ${summary.locales.join(', ')} (${rows}) in ${summary.seconds.toFixed(1)} s into ${outDir}`);
}

async function evalIntents(file: string, modelDir: string | undefined, json: boolean): Promise<void> {
  const rows = readIntentRows(file);
  const recognizer = await loadRecognizer({ modelDir: modelDir ? resolve(modelDir) : defaultShopModelDir });
  const progress = bar();
  progress.start(rows.length, 0, { task: 'eval', info: '' });
  const report = await evaluateIntents(recognizer, rows, () => progress.increment());
  progress.stop();
  if (json) console.log(JSON.stringify(report));
  else {
    console.log(`rows                ${report.count}`);
    console.log(`in-scope accuracy   ${pct(report.inScopeAccuracy)}`);
    console.log(`macro-F1 (in-scope) ${pct(report.macroF1)}`);
    console.log(`out-of-scope recall ${pct(report.oosRecall)}`);
  }
}

function evalEmotion(file: string, json: boolean): void {
  const report = evaluateEmotion(readEmotionRows(file));
  if (json) console.log(JSON.stringify(report));
  else {
    console.log(`rows      ${report.count}`);
    console.log(`precision ${pct(report.precision)}`);
    console.log(`recall    ${pct(report.recall)}`);
    console.log(`F1        ${pct(report.f1)}`);
  }
}

function parse(argv: string[]): { command: string; values: { data?: string[]; out?: string; model?: string; json?: boolean } } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { data: { type: 'string', multiple: true }, out: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [command, ...extra] = positionals;
  if (!command || !(command in ALLOWED)) throw new NluInputError(`Unknown command '${command ?? ''}'. Use train, eval or emotion-eval.\n${USAGE}`);
  if (extra.length > 0) throw new NluInputError(`Unexpected argument '${extra[0]}'. Pass files with --data FILE.jsonl.\n${USAGE}`);
  const bad = Object.keys(values).find((k) => !ALLOWED[command]?.includes(k));
  if (bad) throw new NluInputError(`'${command}' does not take --${bad}. It takes: ${ALLOWED[command]?.map((f) => `--${f}`).join(' ')}.\n${USAGE}`);
  if (command !== 'train' && values.data?.length !== 1) throw new NluInputError(`'${command}' needs exactly one --data FILE.jsonl.\n${USAGE}`);
  return { command, values };
}

async function main(argv: string[]): Promise<void> {
  const { command, values } = parse(argv);
  const data = values.data ?? [];
  if (command === 'train') train(values.data, values.out);
  else if (command === 'eval') await evalIntents(data[0] ?? '', values.model, values.json ?? false);
  else evalEmotion(data[0] ?? '', values.json ?? false);
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
