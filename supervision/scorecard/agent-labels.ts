/**
 * Agent ids as labels: the configured agents keep their id, any other id (an agent removed from the
 * settings, a forged one) is `other`. Prometheus series and the shared counters are therefore bounded
 * by the settings, whatever ids events carry.
 */

/** The label of ids that are not configured agents. */
export const OTHER_AGENT = 'other';

/** Maps an agent id to its bounded label. */
export function agentLabeller(configured: readonly string[]): (agentId: string | undefined) => string {
  const known = new Set(configured);
  return (agentId) => (agentId !== undefined && known.has(agentId) ? agentId : OTHER_AGENT);
}
