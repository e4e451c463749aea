/**
 * `npm run learn -- retrain`: retrains the NLU from the corpus plus accepted items, runs the evaluation gate
 * against the current model and prints its figures. Locally (default) the candidate goes to --out when it
 * passes; with --store redis it is recorded in the shared version store (REDIS_ settings, BOT_ID), where the
 * admin API promotes it. Exit codes: 0 passed, 3 failed the gate, 4 a retrain is running, 2 bad input, 1 failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../../infra/config.js';
import { closeRedis, connectRedis, redisTopology } from '../../../infra/redis.js';
import { NluInputError } from '../../../nlu-models/errors.js';
import { defaultShopModelDir } from '../../../nlu-models/nlp-recognizer.js';
import { shopCorpusDir, shopValidationDir } from '../../../nlu-models/train.js';
import { createRedisAcceptedStore } from '../accepted-store.js';
import { acceptedItemsFromFile } from './accepted-items-file.js';
import type { GateReport } from './evaluation-gate.js';
import { createMemoryModelVersionStore } from './memory-model-versions.js';
import { writeModelDir } from './model-files.js';
import { parseLearningSettings } from './model-settings.js';
import { createRedisModelVersionStore } from './redis-model-versions.js';
import { Retrainer } from './retrainer.js';

const USAGE = `Usage: npm run learn -- retrain [options]
  Retrains the NLU from the corpus plus accepted items, then checks the candidate with the evaluation gate
  (not worse than the current model on the dev sets and on the accepted items' held-out part).
  --accepted FILE.jsonl   accepted items, one JSON object per line (supervision/learning/learning-items.ts);
                          without it: with --store redis the items accepted on the learning page, else the
                          corpus alone
  --model DIR             the current model to compare with (default: NLU_MODEL_DIR or the shipped shop model)
  --out DIR               where a candidate that passes is written (default nlu-models/models/candidate),
                          with answers.json (the new FAQ intents' answers per locale)
  --store memory|redis    redis: record the candidate in the shared version store instead (REDIS_URL...,
                          REDIS_KEY_PREFIX, BOT_ID as the app has them), for promotion from the admin API
  --by NAME               who asked (recorded with the version; default cli)
  -h, --help              this text (also: npm run learn -- help)
  Corpus, validation and dev folders and the gate's thresholds come from LEARNING_SETTINGS (docs/learning-models.md).
  Exit codes: 0 passed, 3 failed the gate, 4 another retrain is running, 2 bad input, 1 unexpected failure.`;

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);

function printGate(gate: GateReport): void {
  const { dev, knownIntents, newIntents } = gate;
  console.log(`dev sets: ${gate.devSets.join(', ')}`);
  console.log(`                      current     candidate`);
  console.log(`in-scope accuracy     ${pct(dev.current.inScopeAccuracy).padEnd(12)}${pct(dev.candidate.inScopeAccuracy)}`);
  console.log(`out-of-scope recall   ${pct(dev.current.oosRecall).padEnd(12)}${pct(dev.candidate.oosRecall)}`);
  console.log(`macro-F1              ${pct(dev.current.macroF1).padEnd(12)}${pct(dev.candidate.macroF1)}`);
  console.log(`held-out, known       ${`${knownIntents.current}/${knownIntents.rows}`.padEnd(12)}${knownIntents.candidate}/${knownIntents.rows}`);
  console.log(`held-out, new intents ${'-'.padEnd(12)}${newIntents.candidate}/${newIntents.rows}`);
  console.log(gate.passed ? 'gate: PASSED' : `gate: FAILED\n  ${gate.failures.join('\n  ')}`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      accepted: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'string' },
      by: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  // `--help`, `retrain --help` and `help [retrain]` all print the one page: retrain is the only command.
  if (values.help || (positionals[0] === 'help' && positionals.length === 1) || (positionals[0] === 'help' && positionals[1] === 'retrain')) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'retrain' || positionals.length > 1) throw new NluInputError(`Unknown command '${positionals.join(' ')}'. Use retrain.\n${USAGE}`);
  const store = values.store ?? 'memory';
  if (store !== 'memory' && store !== 'redis') throw new NluInputError(`--store is memory or redis: got '${store}'.`);
  const config = loadConfig();
  const settings = parseLearningSettings(config.LEARNING_SETTINGS);
  const baseModelDir = resolve(values.model ?? config.NLU_MODEL_DIR ?? defaultShopModelDir);
  const redis = store === 'redis' ? (redisTopology(config) ? await connectRedis(config) : undefined) : undefined;
  if (store === 'redis' && !redis) throw new NluInputError('--store redis needs REDIS_URL (or REDIS_CLUSTER_NODES / REDIS_SENTINELS) as the app has it.');
  try {
    const keyPrefix = `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:`;
    const versions = redis ? createRedisModelVersionStore({ redis, keyPrefix }) : createMemoryModelVersionStore();
    // With the shared store and no file, the items accepted on the learning page, as the admin action reads them: a
    // version trained without them would, once promoted, take the learned FAQ intents away from the bot.
    const accepted = values.accepted
      ? acceptedItemsFromFile(resolve(values.accepted))
      : redis
        ? createRedisAcceptedStore({ redis, keyPrefix })
        : { listAccepted: async () => [] };
    const retrainer = new Retrainer({ store: versions, accepted, settings: { ...settings.retrain, baseModelDir } });
    const corpus = settings.retrain.corpusDir === shopCorpusDir && settings.retrain.devDir === shopValidationDir ? ' (the shop corpus)' : '';
    process.stderr.write(`retraining from ${settings.retrain.corpusDir}${corpus}; comparing with ${redis ? 'the promoted version' : baseModelDir}...\n`);
    const started = await retrainer.start(values.by ?? 'cli');
    if (!started.started) {
      process.stderr.write('learn: a retrain is running (on an instance or another command). Wait for it, then try again.\n');
      return 4;
    }
    const began = Date.now();
    const version = await started.done;
    if (version.status === 'error') throw new Error(version.error);
    process.stderr.write(`trained and measured in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
    if (version.gate) printGate(version.gate);
    if (redis)
      console.log(`recorded as ${version.id}${version.status === 'passed' ? `; promote it with POST /api/admin/learning/models/${version.id}/promote` : ''}`);
    else if (version.status === 'passed') {
      const out = resolve(values.out ?? 'nlu-models/models/candidate');
      const files = await versions.readFiles(version.id);
      if (files) writeModelDir(files, out);
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'answers.json'), `${JSON.stringify(version.answers, null, 2)}\n`);
      console.log(`candidate written to ${out}`);
    }
    return version.status === 'passed' ? 0 : 3;
  } finally {
    if (redis) await closeRedis(redis);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (error instanceof NluInputError || (typeof code === 'string' && (code.startsWith('ERR_PARSE_ARGS') || code === 'config_invalid'))) {
      process.stderr.write(`learn: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    }
    process.stderr.write(`learn: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
