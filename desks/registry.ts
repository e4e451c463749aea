/**
 * The built-in desks, and the walk that builds a bot's desks from them. A new desk is its folder (with
 * a `DeskFactory`) and one line in `BUILT_IN_DESKS`, or one entry in the list a bot passes instead.
 */
import type { Desk, DeskDeps, DeskFactory } from './desk.js';
import { consoleDeskFactory } from './console/index.js';
import { slackDeskFactory } from './slack/index.js';
import { ConfigError } from '../infra/errors.js';

/** The desks Baton ships, in mounting order. */
export const BUILT_IN_DESKS: readonly DeskFactory[] = [consoleDeskFactory, slackDeskFactory];

/** The desks a bot's settings asked for, in the order of their factories. */
export interface BuiltDesks {
  readonly desks: readonly Desk[];
  /** The desk `factory` built, typed as it builds it; undefined when its settings were absent. */
  of<D extends Desk>(factory: DeskFactory<D>): D | undefined;
}

/**
 * Builds every desk whose settings are present, one factory after the other.
 * @throws ConfigError when two factories share a name, or a desk's settings are wrong.
 */
export async function desksFromConfig(deps: DeskDeps, factories: readonly DeskFactory[] = BUILT_IN_DESKS): Promise<BuiltDesks> {
  const built = new Map<DeskFactory, Desk>();
  const names = new Set<string>();
  for (const factory of factories) {
    if (names.has(factory.name)) throw new ConfigError(`Two desks are named '${factory.name}'. Give each desk factory its own name.`);
    names.add(factory.name);
    const desk = await factory.fromConfig(deps);
    if (desk) built.set(factory, desk);
  }
  return {
    desks: [...built.values()],
    of: <D extends Desk>(factory: DeskFactory<D>) => built.get(factory) as D | undefined,
  };
}
