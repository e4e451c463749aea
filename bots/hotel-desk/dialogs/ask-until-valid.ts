/**
 * One question asked until the answer is good: the guest hears what was wrong with each bad answer
 * (that message says how to answer, so the question is not repeated), and after `maxTries` bad answers
 * the front desk takes over (`requestHuman`: the handoff queues the conversation once the turn ends).
 * The dialog ends with the checked value, or `undefined` when a person takes over.
 */
import { ComponentDialog, requestHuman, TextPrompt, WaterfallDialog, type TurnContext, type WaterfallStepContext } from 'baton';

/** What `check` says of an answer. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** What an `AskUntilValidDialog` needs. `O` is the options the dialog is begun with (e.g. the booking number). */
export interface AskUntilValid<T, O> {
  /** The question, sent once. */
  readonly question: (context: TurnContext, options: O) => string | Promise<string>;
  readonly check: (context: TurnContext, answer: string, options: O) => Checked<T> | Promise<Checked<T>>;
  /** Said when the last try failed, before the handoff. */
  readonly giveUp: (context: TurnContext) => string;
  /** Bad answers before a person takes over. Default 3. */
  readonly maxTries?: number;
}

interface Progress<O> {
  readonly options: O;
  readonly tries: number;
}

/** Asks one question until `check` accepts the answer; see the module comment. */
export class AskUntilValidDialog<T, O> extends ComponentDialog {
  readonly #ask: AskUntilValid<T, O>;
  readonly #steps: string;

  constructor(id: string, ask: AskUntilValid<T, O>) {
    super(id);
    this.#ask = ask;
    this.#steps = `${id}.steps`;
    this.addDialog(new TextPrompt(`${id}.answer`));
    this.addDialog(new WaterfallDialog(this.#steps, [(step) => this.#prompt(step), (step) => this.#check(step)]));
    this.initialDialogId = this.#steps;
  }

  /** Wraps the caller's options on the first round; later rounds carry the count. */
  #progress(step: WaterfallStepContext): Progress<O> {
    const given = step.options as Partial<Progress<O>> & { readonly round?: true };
    return given.round ? (given as Progress<O>) : { options: step.options as O, tries: 0 };
  }

  async #prompt(step: WaterfallStepContext) {
    const progress = this.#progress(step);
    const prompt = progress.tries === 0 ? await this.#ask.question(step.context, progress.options) : undefined;
    return step.prompt(`${this.id}.answer`, prompt === undefined ? {} : { prompt });
  }

  async #check(step: WaterfallStepContext) {
    const progress = this.#progress(step);
    const checked = await this.#ask.check(step.context, String(step.result ?? ''), progress.options);
    if (checked.ok) return step.endDialog(checked.value);
    const tries = progress.tries + 1;
    if (tries >= (this.#ask.maxTries ?? 3)) {
      await step.context.sendActivity(this.#ask.giveUp(step.context));
      requestHuman(step.context, 'booking_not_verified');
      return step.endDialog(undefined);
    }
    await step.context.sendActivity(checked.message.replace('{left}', String((this.#ask.maxTries ?? 3) - tries)));
    return step.replaceDialog(this.#steps, { round: true, options: progress.options, tries });
  }
}
