/**
 * Radar alerts in a Slack channel: one chat.postMessage per incident, through Slack's Web API client
 * (bolt's `webApi.WebClient`, pointed at SLACK_API_URL when set, as the Slack desk's is). The text holds
 * the rule, the counts, the first time seen and the masked examples; the dashboard has the rest.
 */
import { webApi } from '@slack/bolt';
import { slackClientOptions } from '../../desks/slack/index.js';
import type { Incident, IncidentAlerts } from '../../supervision/radar/index.js';

export interface SlackIncidentAlertsOptions {
  readonly botToken: string;
  readonly channel: string;
  /** e.g. https://slack.com/api/ (the default) or a test's fake. */
  readonly apiUrl?: string;
  /** Linked in the alert when set, e.g. https://bot.example.com */
  readonly publicUrl?: string;
}

/** Slack's mrkdwn treats &, < and > specially: customers' words are shown, never read as markup. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The alert's text (exported for the dashboard's tests and the docs). */
export function incidentAlertText(incident: Incident, publicUrl?: string): string {
  const usual = incident.usual > 0 ? `usual ${Math.round(incident.usual * 10) / 10}` : 'no usual level yet';
  const lines = [
    `:rotating_light: *Surge: ${incident.signal}* (rule ${incident.ruleId})`,
    `${incident.count} in ${incident.windowMinutes} min (${usual}; threshold ${incident.threshold}). First seen ${new Date(incident.firstSeen).toISOString()}.`,
    ...(incident.examples.length > 0 ? ['Examples:', ...incident.examples.map((example) => `> ${escapeMrkdwn(example.text.replace(/\s+/g, ' '))}`)] : []),
    ...(publicUrl ? [`Dashboard: ${publicUrl.replace(/\/$/, '')}/dashboard/`] : []),
  ];
  return lines.join('\n');
}

/** Alerts posted to `channel`. */
export function createSlackIncidentAlerts({ botToken, channel, apiUrl, publicUrl }: SlackIncidentAlertsOptions): IncidentAlerts {
  const client = new webApi.WebClient(botToken, slackClientOptions(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}));
  return {
    async raised(incident) {
      await client.chat.postMessage({ channel, text: incidentAlertText(incident, publicUrl), unfurl_links: false, unfurl_media: false });
      return `slack ${channel}`;
    },
  };
}
