/**
 * SPIN pre-sales: four short questions (Situation, Problem, Implication, Need), each skippable, then 1-3
 * products from the catalogue with the reasons they fit. Asking before recommending is the point: a
 * recommendation that names the customer's own problem converts, a list of best-sellers does not.
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import type { Locale } from '../locale.js';
import type { Recommendation, ShoppingNeeds } from '../shop-api.js';
import { formatMoney } from '../templates/format.js';
import { reply, type TemplateKey } from '../templates/reply.js';
import { button, isSkip, localeOf, stepValues, withActions, type FlowDeps } from './common.js';

/** Dialog id; begin with `SpinOptions`. */
export const SPIN_PRESALES = 'spinPresales';

/** What starts the dialog: the customer's message, kept as extra context ("headphones for running"). */
export interface SpinOptions {
  readonly text?: string;
}

const ANSWER = `${SPIN_PRESALES}.answer`;
const QUESTIONS = ['situation', 'problem', 'implication', 'need'] as const;
type Question = (typeof QUESTIONS)[number];
const QUESTION_KEY: Readonly<Record<Question, TemplateKey>> = {
  situation: 'spinSituation',
  problem: 'spinProblem',
  implication: 'spinImplication',
  need: 'spinNeed',
};

/** The recommendation message: an intro and one line per product with its reasons. */
export function describeRecommendations(locale: Locale, picks: readonly Recommendation[]): string {
  const separator = locale === 'zh' ? '；' : '; ';
  const lines = picks.map((pick, i) =>
    reply(locale, 'spinLine', {
      rank: i + 1,
      name: pick.product.name[locale] ?? pick.product.name.en,
      price: formatMoney(locale, pick.product.price, pick.product.currency),
      reasons: pick.reasons.length > 0 ? pick.reasons.map((r) => r[locale] ?? r.en).join(separator) : reply(locale, 'spinPopular'),
    }),
  );
  return [reply(locale, 'spinIntro'), ...lines].join('\n');
}

/** Asks the SPIN questions and recommends products. */
export class SpinPresalesDialog extends ComponentDialog {
  readonly #deps: FlowDeps;

  constructor(deps: FlowDeps) {
    super(SPIN_PRESALES);
    this.#deps = deps;
    this.addDialog(new TextPrompt(ANSWER));
    const ask = (question: Question, previous?: Question) => async (step: WaterfallStepContext) => {
      if (previous) this.#remember(step, previous);
      const locale = localeOf(step.context);
      const text = reply(locale, QUESTION_KEY[question]) as string;
      return step.prompt(ANSWER, { prompt: withActions(text, [button(reply(locale, 'skip'))]) });
    };
    this.addDialog(
      new WaterfallDialog(`${SPIN_PRESALES}.steps`, [
        ask('situation'),
        ask('problem', 'situation'),
        ask('implication', 'problem'),
        ask('need', 'implication'),
        (s) => this.#recommend(s),
      ]),
    );
    this.initialDialogId = `${SPIN_PRESALES}.steps`;
  }

  /** Keeps an answer unless the customer skipped it. */
  #remember(step: WaterfallStepContext, question: Question): void {
    const answer = String(step.result ?? '').trim();
    if (answer && !isSkip(answer)) stepValues<Record<Question, string>>(step)[question] = answer;
  }

  async #recommend(step: WaterfallStepContext) {
    this.#remember(step, 'need');
    const locale = localeOf(step.context);
    const opening = (step.options as SpinOptions | undefined)?.text;
    const v = stepValues<Record<Question, string>>(step);
    const needs: ShoppingNeeds = {
      // The opening message often names the product ("recommend me headphones"): it is part of the situation.
      situation: [opening, v.situation].filter(Boolean).join(' ') || undefined,
      problem: v.problem,
      implication: v.implication,
      need: v.need,
      locale,
    };
    const picks = await this.#deps.catalogue.recommend(needs, 3);
    if (picks.length === 0) {
      await step.context.sendActivity(withActions(reply(locale, 'spinNoMatch'), [button(reply(locale, 'actionHuman'))]));
    } else {
      await step.context.sendActivity(describeRecommendations(locale, picks));
    }
    return step.endDialog(picks.map((p) => p.product.sku));
  }
}
