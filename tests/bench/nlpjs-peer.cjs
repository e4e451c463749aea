/**
 * The benchmark's peer: nlp.js's own bot server, as its documentation sets it up (`dockStart` with the
 * Basic, ExpressApiServer and DirectlineConnector plugins from npm), trained on the same Bitext
 * training file Baton's shop model is trained on (nlu-models/corpora/shop/en.jsonl, a copy of bitext
 * train.jsonl), one answer per intent. Nothing here is copied from nlp.js's repository; only its npm
 * packages run. Started by tests/bench/run.ts as its own process:
 *   PORT=1234 node tests/bench/nlpjs-peer.cjs   (prints "ready" on stdout once it listens)
 * The trained model is cached in bench-results/nlpjs-peer-model.nlp (delete it to retrain).
 */
const { readFileSync, existsSync, mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { dockStart } = require('@nlpjs/basic');

async function main() {
  const port = Number(process.env.PORT);
  if (!port) throw new Error('PORT is required: the nlp.js api-server does not listen on port 0.');
  const dock = await dockStart({
    settings: {
      nlp: { forceNER: false, languages: ['en'], autoSave: false, autoLoad: false, modelFileName: '' },
      'api-server': { port, serveBot: false },
      directline: { log: false },
      logger: { level: 'warn' },
    },
    use: ['Basic', 'LangEn', 'ExpressApiServer', 'DirectlineConnector'],
  });
  const nlp = dock.get('nlp');
  nlp.settings.log = false;
  const root = path.resolve(__dirname, '../..');
  const cache = path.join(root, 'bench-results', 'nlpjs-peer-model.nlp');
  if (existsSync(cache)) {
    nlp.import(readFileSync(cache, 'utf8'));
  } else {
    nlp.addLanguage('en');
    const rows = readFileSync(path.join(root, 'nlu-models/corpora/shop/en.jsonl'), 'utf8').trim().split('\n');
    const intents = new Set();
    for (const line of rows) {
      const { text, intent } = JSON.parse(line);
      nlp.addDocument('en', text, intent);
      intents.add(intent);
    }
    for (const intent of intents) nlp.addAnswer('en', intent, `Here is what you need to know about ${intent.replaceAll('_', ' ')}.`);
    await nlp.train();
    mkdirSync(path.dirname(cache), { recursive: true });
    writeFileSync(cache, nlp.export(true));
  }
  process.stdout.write('ready\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
