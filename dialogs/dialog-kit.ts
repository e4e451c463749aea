/**
 * The botbuilder-dialogs classes the engine uses, each from its own module. The package's index loads
 * every prompt and with them Microsoft's text recognizers (numbers, dates and units in a dozen languages,
 * megabytes of sources and regular expressions): about 30 MB resident that no Baton dialog uses
 * (docs/performance.md, "Memory"). botbuilder is frozen at 4.23, so these paths stay put.
 * Import dialog classes and types from here, never from 'botbuilder-dialogs' itself; the turn types come from
 * `turn-kit.ts`. These two files are the only ones outside `adapters/botframework/` that import botbuilder.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
export type { DialogContext, DialogState, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
