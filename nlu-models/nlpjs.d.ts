/**
 * The few nlp.js members Baton uses. nlp.js 4 ships no type declarations, so these are written here,
 * narrowed to what `features.ts` and `intent-model.ts` call.
 */
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
}

declare module '@nlpjs/neural' {
  /** Training status passed to the `log` callback once per epoch. */
  export interface NeuralStatus {
    iterations: number;
    error: number;
  }
  export interface NeuralSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean | ((status: NeuralStatus, timeMs: number) => void);
  }
  export interface NeuralExample {
    input: Record<string, number>;
    output: Record<string, number>;
  }
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    train(corpus: NeuralExample[]): NeuralStatus;
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}
