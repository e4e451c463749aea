/**
 * Practice mode (issue 19, part 4): trainees replay anonymised past conversations with the bot playing the
 * customer; replies are scored on time, tone and empathy; supervisors see the results. The only import
 * point of `supervision/practice`. See docs/practice-mode.md.
 */
export { setupPractice, type PracticeSetup, type PracticeSetupOptions } from './practice-setup.js';
export { PracticeService, type PracticeServiceOptions } from './practice-service.js';
export { createPracticeRouter, type PracticeRouterOptions } from './practice-router.js';
export type { PracticeStore } from './practice-store.js';
export { createMemoryPracticeStore } from './memory-practice-store.js';
export { createRedisPracticeStore } from './redis-practice-store.js';
export { Anonymiser } from './anonymise.js';
export { DEFAULT_MAX_GAP_MS } from './replay.js';
export { PRACTICE_LIMITS, type PracticeScript, type PracticeSession, type PracticeSummary } from './practice-types.js';
