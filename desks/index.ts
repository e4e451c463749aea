/**
 * Agent desks: the contract, the built-in desks' factories and their registry. Each desk folder
 * (`console/`, `slack/`) is also its own import point.
 */
export type { Desk, DeskDeps, DeskFactory, DeskService } from './desk.js';
export { BUILT_IN_DESKS, desksFromConfig, type BuiltDesks } from './registry.js';
export { CONSOLE_DESK, consoleDeskFactory } from './console/index.js';
export { slackDeskFactory } from './slack/index.js';
