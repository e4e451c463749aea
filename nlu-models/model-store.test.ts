/**
 * Manifest formats: a model directory whose locales all mix their views is format 2, as before the
 * product existed (so loaders from before read it); one with a locale that multiplies them is format 3,
 * which a loader that knows only format 2 refuses instead of scoring it as a mixture.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { combine, type EnsembleSettings } from './ensemble.js';
import { NluInputError } from './errors.js';
import { IntentModel } from './intent-model.js';
import { loadModel, saveModel } from './model-store.js';

const examples = [
  ['where is my order', 'track_order'],
  ['track my package', 'track_order'],
  ['has my parcel shipped yet', 'track_order'],
  ['I want a refund', 'get_refund'],
  ['give me my money back', 'get_refund'],
  ['refund my purchase please', 'get_refund'],
  ['what is the weather today', 'None'],
].map(([text, intent]) => ({ text: text ?? '', intent: intent ?? '' }));
const texts = ['where is the courier', 'money back for the kettle', 'what time is it'];
const mixture: EnsembleSettings = { weights: { linear: 0.6, neural: 0.1, similarity: 0.3 }, temperature: 1.4, sharpness: 20 };
const product: EnsembleSettings = { ...mixture, product: true };

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function saved(ensemble: EnsembleSettings): { model: IntentModel; dir: string } {
  const model = IntentModel.train('en', examples, { wordVectors: false });
  model.useEnsemble(ensemble);
  const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
  dirs.push(dir);
  saveModel(dir, { locales: ['en'], thresholds: { en: { minScore: 0.3, minSimilarity: 0 } }, trainedAt: '2026-12-07T00:00:00Z', notes: {} }, [model]);
  return { model, dir };
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
/** The ranked intents, scores to two decimals: the linear weights are stored as int8, so a load moves them slightly. */
const scores = (model: IntentModel, text: string) => model.classify(text).ranked.map((r) => `${r.intent} ${r.score.toFixed(2)}`);

describe('model store formats', () => {
  it('writes a mixture model as format 2 without a product field, and it scores as the mixture after a load', () => {
    const { model, dir } = saved(mixture);
    expect(manifestOf(dir).format).toBe(2);
    expect(readFileSync(join(dir, 'intent-en.json'), 'utf8')).not.toContain('product');
    const loaded = loadModel(dir).models.get('en');
    if (!loaded) throw new Error('no English model');
    expect(loaded.toJSON().ensemble).toEqual(mixture);
    for (const text of texts) {
      const views = loaded.views(text);
      const asMixture = combine(views, mixture);
      const asProduct = combine(views, product);
      const top = loaded.classify(text).ranked[0];
      expect(top?.score).toBe(Math.max(...asMixture));
      expect(top?.score).not.toBe(Math.max(...asProduct));
      expect(scores(loaded, text)).toEqual(scores(model, text));
    }
  });

  it('writes a product model as format 3, and it survives a save and load with the same scores', () => {
    const { model, dir } = saved(product);
    expect(manifestOf(dir).format).toBe(3);
    const loaded = loadModel(dir).models.get('en');
    if (!loaded) throw new Error('no English model');
    expect(loaded.toJSON().ensemble.product).toBe(true);
    for (const text of texts) {
      expect(scores(loaded, text)).toEqual(scores(model, text));
      expect(loaded.classify(text).ranked[0]?.score).toBe(Math.max(...combine(loaded.views(text), product)));
    }
  });

  it('refuses a later format, and a format 2 manifest over a product model', () => {
    const { dir } = saved(product);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifestOf(dir), format: 4 }));
    expect(() => loadModel(dir)).toThrow(NluInputError);
    expect(() => loadModel(dir)).toThrow(/format 2 or 3.*upgrade Baton/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifestOf(dir), format: 2 }));
    expect(() => loadModel(dir)).toThrow(/says format 2 but a locale uses the product/);
  });
});
