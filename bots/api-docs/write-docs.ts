/**
 * `npm run openapi`: writes docs/openapi.json and docs/agent-stream-events.schema.json from the zod
 * schemas. `--check` writes nothing and exits 1 when either file is out of date (for CI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument, buildStreamEventsSchema } from './openapi-document.js';

/** The generated files and their content, as written (2-space JSON and a final newline). */
export function generatedDocs(): ReadonlyArray<{ readonly path: string; readonly content: string }> {
  const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    { path: docs('openapi.json'), content: json(buildOpenApiDocument()) },
    { path: docs('agent-stream-events.schema.json'), content: json(buildStreamEventsSchema()) },
  ];
}

function main(check: boolean): number {
  let stale = 0;
  for (const { path, content } of generatedDocs()) {
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === content) continue;
    if (check) {
      stale++;
      process.stderr.write(`${path} is out of date: run npm run openapi and commit it.\n`);
    } else {
      writeFileSync(path, content);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.includes('--check'));
