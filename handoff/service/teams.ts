/**
 * Follow-the-sun: teams, each a skill queue with its own business hours (IANA zone, weekly ranges,
 * holidays) and the languages it serves. A new ticket whose queue belongs to a closed team goes to a
 * team that is open and serves the customer's language; when none is open, to the one that opens
 * first, and the customer is told when, in their own local time. Pure: the clock is passed in.
 *
 * @example HANDOFF_SETTINGS='{"teams":[{"name":"Berlin","skill":"general","languages":["en","de"],"businessHours":{"timeZone":"Europe/Berlin"}},
 *   {"name":"Shanghai","skill":"shanghai","languages":["en","zh"],"businessHours":{"timeZone":"Asia/Shanghai"}}]}'
 */
import { z } from 'zod';
import { isOpen, nextOpening, parseBusinessHours, type BusinessHours } from '../business-hours.js';
import { speaks } from '../store/transitions.js';

/** The schema of `HANDOFF_SETTINGS.teams` (business hours are validated by parseBusinessHours). */
export const teamsSchema = z
  .array(
    z
      .object({
        /** Shown to agents ("follow the sun: Berlin closed, Shanghai open"). */
        name: z.string().min(1).max(60),
        /** The team's skill queue; agents with this skill are the team. */
        skill: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, "_" or "-"'),
        /** Language tags the team serves ('zh' also matches 'zh-TW'); absent: any. */
        languages: z.array(z.string().min(2).max(20)).min(1).max(50).optional(),
        /** As the top-level businessHours: timeZone, weekly, holidays. */
        businessHours: z.unknown(),
      })
      .strict(),
  )
  .max(50)
  .refine((teams) => new Set(teams.map((t) => t.skill)).size === teams.length, 'two teams share a skill; give each team its own skill')
  .optional();

/** A validated team. */
export interface Team {
  readonly name: string;
  readonly skill: string;
  readonly languages?: readonly string[];
  readonly businessHours: BusinessHours;
}

/** Validates the teams' hours; `at` says which team, so an error names the field. */
export function parseTeams(input: z.output<typeof teamsSchema>): readonly Team[] | undefined {
  return input?.map((team, i) => {
    try {
      return { ...team, businessHours: parseBusinessHours(team.businessHours ?? {}) };
    } catch (error) {
      throw Object.assign(error as Error, { message: `teams.${i}.businessHours: ${(error as Error).message}` });
    }
  });
}

/** The hours of the team owning `skill`, else `fallback` (the top-level business hours). */
export function hoursOf(skill: string, teams: readonly Team[] | undefined, fallback: BusinessHours | undefined): BusinessHours | undefined {
  return teams?.find((team) => team.skill === skill)?.businessHours ?? fallback;
}

/**
 * Where a new ticket goes when its queue's team is closed: an open team serving `language`, else the
 * one serving it that opens first. Undefined when the routed skill's team is open, owns no team, or no
 * team serves the language (the ticket stays where routing put it).
 */
export function followTheSun(
  { skill, language, at }: { skill: string; language: string; at: number },
  teams: readonly Team[] | undefined,
): { skill: string; routedBy: string } | undefined {
  const own = teams?.find((team) => team.skill === skill);
  if (!teams || !own || isOpen(new Date(at), own.businessHours)) return undefined;
  const serving = teams.filter((team) => team !== own && (!team.languages || speaks(team.languages, language)));
  const open = serving.find((team) => isOpen(new Date(at), team.businessHours));
  if (open) return { skill: open.skill, routedBy: `follow the sun: ${own.name} closed, ${open.name} open` };
  const first = [...serving, own]
    .map((team) => ({ team, opens: nextOpening(new Date(at), team.businessHours)?.getTime() ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.opens - b.opens)[0];
  if (!first || first.team === own || !Number.isFinite(first.opens)) return undefined;
  return { skill: first.team.skill, routedBy: `follow the sun: every team closed, ${first.team.name} opens first` };
}
