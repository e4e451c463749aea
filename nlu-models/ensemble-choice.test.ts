/**
 * Mixture or product: the choice is made at the operating point (after each one's out-of-scope thresholds,
 * on the same validation rows), with a margin, and never at the cost of out-of-scope rejection.
 */
import { describe, expect, it } from 'vitest';
import { chooseEnsemble, MIN_GAIN_ROWS, type OperatingFigures, operatingFigures, prefersProduct } from './ensemble-choice.js';
import { IntentModel } from './intent-model.js';
import { chooseThresholds } from './thresholds.js';

const mixture: OperatingFigures = { inScope: 200, correct: 180, outOfScope: 50, rejectedOutOfScope: 30 };

describe('prefersProduct', () => {
  it('takes the product when it answers clearly more rows right and rejects as many out-of-scope ones', () => {
    expect(prefersProduct(mixture, { ...mixture, correct: 182 })).toBe(true);
    expect(prefersProduct(mixture, { ...mixture, correct: 185, rejectedOutOfScope: 31 })).toBe(true);
  });

  it('keeps the mixture for a gain of one row, or of under half a point on a large set', () => {
    expect(MIN_GAIN_ROWS).toBe(2);
    expect(prefersProduct(mixture, { ...mixture, correct: 181 })).toBe(false);
    const large = { inScope: 3000, correct: 2800, outOfScope: 100, rejectedOutOfScope: 60 };
    expect(prefersProduct(large, { ...large, correct: 2814 })).toBe(false);
    expect(prefersProduct(large, { ...large, correct: 2815 })).toBe(true);
  });

  it('keeps the mixture when the product lets one more out-of-scope row through, whatever its accuracy', () => {
    expect(prefersProduct(mixture, { ...mixture, correct: 195, rejectedOutOfScope: 29 })).toBe(false);
  });

  it('keeps the mixture when no out-of-scope row shows how the product rejects', () => {
    const none = { ...mixture, outOfScope: 0, rejectedOutOfScope: 0 };
    expect(prefersProduct(none, { ...none, correct: 195 })).toBe(false);
  });
});

describe('chooseEnsemble', () => {
  const train = [
    ['where is my order', 'track'],
    ['track my package', 'track'],
    ['has my parcel shipped yet', 'track'],
    ['when will my delivery arrive', 'track'],
    ['I want a refund', 'refund'],
    ['give me my money back', 'refund'],
    ['refund my purchase please', 'refund'],
    ['can I get reimbursed', 'refund'],
    ['what is the weather today', 'None'],
    ['tell me a joke', 'None'],
  ].map(([text, intent]) => ({ text: text ?? '', intent: intent ?? '' }));
  const val = [
    ['where is my parcel', 'track'],
    ['is my package on the way', 'track'],
    ['status of my delivery', 'track'],
    ['money back please', 'refund'],
    ['I need a refund for my order', 'refund'],
    ['reimburse my purchase', 'refund'],
    ['who won the football game', 'None'],
    ['sing me a song', 'None'],
  ].map(([text, intent]) => ({ text: text ?? '', intent: intent ?? '' }));

  it('leaves the model with the kept ensemble and the thresholds chosen for it on the same rows', () => {
    const model = IntentModel.train('en', train, { wordVectors: false });
    const goal = { maxFalseRejection: 0.2 };
    const choice = chooseEnsemble(model, val, goal);
    expect(model.toJSON().ensemble).toEqual(choice.ensemble);
    const scored = val.map((r) => ({ intent: r.intent, classification: model.classify(r.text) }));
    expect(choice.thresholds).toEqual(chooseThresholds(scored, goal));
    const kept = operatingFigures(scored, choice.thresholds);
    expect(kept).toEqual(choice.ensemble.product ? choice.product : choice.mixture);
    expect(kept).toMatchObject({ inScope: 6, outOfScope: 2 });
    if (!choice.product) throw new Error('a product is fitted whenever rows have a known intent');
    expect(choice.ensemble.product === true).toBe(prefersProduct(choice.mixture, choice.product));
  });
});
