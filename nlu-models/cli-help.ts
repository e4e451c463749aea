/**
 * The help texts of `npm run nlu`: one summary (`--help`) and one page per command (`<command> --help`
 * or `help <command>`). Each page lists every flag the command takes, so a flag added to ALLOWED in
 * cli.ts without a line here fails cli.test.ts.
 */

/** The commands and the flags each takes (parseArgs refuses the others). */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  train: ['data', 'out', 'validation', 'bits', 'max-accuracy-drop', 'max-false-rejection'],
  eval: ['data', 'model', 'json', 'html'],
  'emotion-train': ['data', 'out', 'data-dir'],
  'emotion-eval': ['data', 'json', 'html'],
};

export const USAGE = `Usage: npm run nlu -- <command> [flags]
  train          train the shop intent model, or a model from your own JSONL files
  eval           intent accuracy, macro-F1, out-of-scope recall and confused pairs of a model on a JSONL file
  emotion-train  train the negative-emotion models on labelled messages
  emotion-eval   precision, recall and F1 of negative emotion on a JSONL file
  help <command> the flags of one command (or: npm run nlu -- <command> --help)
Bad input exits with code 2 and a message that says the fix; progress goes to stderr.`;

/** One page per command. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  train: `Usage: npm run nlu -- train [--data FILE.jsonl ...] [flags]
  Trains the intent model: one linear model and one nlp.js network per locale, with out-of-scope thresholds.
  Rows are {"text", "intent", "locale"} per line; intent "None" marks out-of-scope examples.
  --data FILE.jsonl           training rows (repeat for several files); default: the shop corpus
                              (nlu-models/corpora) into the shipped model
  --out DIR                   where the model goes (default with --data: nlu-models/models/custom)
  --validation FILE.jsonl     rows to fit the mixture and out-of-scope thresholds on (repeatable;
                              default: a tenth of the --data rows, held out)
  --bits N                    hash buckets 2^N, 12 to 20 (default 16)
  --max-accuracy-drop X       how much accuracy rejecting out-of-scope may cost, 0 to 1 (the shop model's 0.02)
  --max-false-rejection X     or: the share of in-scope rows it may reject, 0 to 1 (default with --data: 0.01);
                              not with --max-accuracy-drop
  -h, --help                  this text
  Example: npm run nlu -- train --data my-intents.jsonl --out models/hotel`,
  eval: `Usage: npm run nlu -- eval --data FILE.jsonl [flags]
  Measures a model on labelled rows: in-scope accuracy, macro-F1, out-of-scope recall, in-scope rows
  rejected, and the most confused intent pairs.
  --data FILE.jsonl           the rows to measure on (exactly one file)
  --model DIR                 the model to measure (default: the shipped shop model)
  --json                      print the report as one JSON object
  --html FILE                 also write a report page with a chart
  -h, --help                  this text`,
  'emotion-train': `Usage: npm run nlu -- emotion-train [--data FILE.jsonl ...] [flags]
  Trains the negative-emotion models, one per locale. Rows are {"text", "negative", "locale"} per line.
  --data FILE.jsonl           labelled rows (repeatable); default: nlu-models/corpora emotion rows
  --data-dir DIR              also learn from the large corpora of DIR/emotion (default without --data:
                              BATON_DATA_DIR or ../shared/data)
  --out DIR                   where the models go (default: the shipped emotion models)
  -h, --help                  this text`,
  'emotion-eval': `Usage: npm run nlu -- emotion-eval --data FILE.jsonl [flags]
  Precision, recall and F1 of negative emotion (per domain when rows have a "domain").
  --data FILE.jsonl           the rows to measure on (exactly one file)
  --json                      print the report as one JSON object
  --html FILE                 also write a report page
  -h, --help                  this text`,
};

/** The help to print for `command` (the summary when there is none or it is unknown). */
export function helpFor(command: string | undefined): string {
  return (command !== undefined && COMMAND_HELP[command]) || USAGE;
}
