/**
 * An English intent model with its word-vector network, through the model store: it is written beside
 * the linear weights, read back to the same answers, and a model trained without one still loads without it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DenseModel } from './dense-model.js';
import { IntentModel } from './intent-model.js';
import { loadModel, saveModel } from './model-store.js';
import { trainModel } from './train.js';

const examples = [
  ['where is my order', 'track_order'],
  ['track my package', 'track_order'],
  ['has my parcel shipped yet', 'track_order'],
  ['I want a refund', 'get_refund'],
  ['give me my money back', 'get_refund'],
  ['refund my purchase please', 'get_refund'],
  ['what is the weather today', 'None'],
  ['tell me a joke', 'None'],
].map(([text, intent]) => ({ text: text ?? '', intent: intent ?? '' }));

const dirs: string[] = [];
function saved(model: IntentModel): IntentModel {
  const dir = mkdtempSync(join(tmpdir(), 'baton-intent-'));
  dirs.push(dir);
  saveModel(dir, { locales: [model.locale], thresholds: {}, trainedAt: '2026-12-07T00:00:00Z', notes: {} }, [model]);
  const loaded = loadModel(dir).models.get(model.locale);
  if (!loaded) throw new Error('the saved model did not load');
  expect(existsSync(join(dir, `dense-${model.locale}.bin`))).toBe(model.denseBytes() !== undefined);
  return loaded;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('intent model with word vectors', () => {
  it('trains the word-vector view for English and gives the same views after a save and load', () => {
    const model = IntentModel.train('en', examples);
    expect(model.toJSON().dense).toMatchObject({ inputs: 200, hidden: 150 });
    const loaded = saved(model);
    for (const text of ['reimbursement of my payment', 'where is the courier']) {
      const views = model.views(text);
      expect(views.dense?.length).toBe(model.intents.length);
      expect(Array.from(loaded.views(text).dense ?? [])).toEqual(Array.from(views.dense ?? []));
      expect(loaded.classify(text).ranked[0]?.intent).toBe(model.classify(text).ranked[0]?.intent);
    }
  });

  it('leaves it out when asked, and such a model loads without a dense file', () => {
    const model = IntentModel.train('en', examples, { wordVectors: false });
    expect(model.toJSON().dense).toBeUndefined();
    expect(model.views('where is my order').dense).toBeUndefined();
    expect(saved(model).classify('where is my order').ranked[0]?.intent).toBe('track_order');
  });

  it('refuses a network whose inputs do not match the word-vector table it will read', () => {
    // A model saved against another table (other dimensions) would otherwise read zeros for the missing inputs.
    const model = IntentModel.train('en', examples);
    const json = model.toJSON();
    const shape = json.dense;
    if (!shape) throw new Error('the English model has no word-vector network');
    const otherInputs = shape.inputs / 2;
    const weights = new DenseModel(otherInputs, shape.hidden, json.intents.length).toBytes();
    expect(() => IntentModel.fromJSON({ ...json, dense: { ...shape, inputs: otherInputs } }, model.linearBytes(), weights)).toThrow(RangeError);
    // The same size but another table (rebuilt from other vectors): refused by its signature.
    expect(shape.table).toMatch(/^\d+x100-[0-9a-f]+$/);
    expect(() => IntentModel.fromJSON({ ...json, dense: { ...shape, table: '30000x100-0' } }, model.linearBytes(), model.denseBytes())).toThrow(
      /another word-vector table/,
    );
    expect(IntentModel.fromJSON(json, model.linearBytes(), model.denseBytes()).classify('where is my order').ranked[0]?.intent).toBe('track_order');
  });

  it('keeps no word-vector network when the fitted mixture gives it no share', () => {
    const track = ['where is my order', 'track my package', 'has my parcel shipped', 'when will my delivery arrive', 'where is my shipment'];
    const refund = ['I want a refund', 'give me my money back', 'refund my purchase', 'can I get reimbursed', 'return money to my card'];
    const more = ['order status please', 'is my order on the way', 'my package is late', 'delivery status', 'track order 12345'];
    const less = ['I need a refund now', 'refund please', 'money back for order', 'how do I get a refund', 'cancel and refund'];
    const dir = mkdtempSync(join(tmpdir(), 'baton-intent-'));
    dirs.push(dir);
    const rows = [...track, ...more].map((text) => ({ text, intent: 'track', locale: 'en' }));
    rows.push(...[...refund, ...less].map((text) => ({ text, intent: 'refund', locale: 'en' })));
    writeFileSync(join(dir, 'data.jsonl'), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const out = join(dir, 'model');
    trainModel({ dataFiles: [join(dir, 'data.jsonl')], outDir: out, carveValidation: true, goal: { maxFalseRejection: 0.01 } });
    const loaded = loadModel(out).models.get('en');
    expect(loaded?.toJSON().ensemble.weights.dense ?? 0).toBe(0);
    // With no share its logits change no score, yet every message would pay for them and the process for the table.
    expect(existsSync(join(out, 'dense-en.bin'))).toBe(false);
    expect(loaded?.views('where is my order').dense).toBeUndefined();
  });
});
