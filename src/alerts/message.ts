/** What an alert says, in the API's words: the one shape the live event, the mail and the webhook are made from. */
import type { Platform } from '../analytics/catalog.js';
import { formatNumber } from '../reports/format.js';
import { platformName } from '../analytics/platform-names.js';

/** Ids are public ids (UUIDs): the message leaves the server as it is. */
export interface AlertMessage {
  id: string;
  kind: 'spike' | 'drop' | 'viral';
  platform: Platform;
  content_id: string | null;
  metric: 'views' | 'engagement' | 'followers';
  observed: number;
  expected: number;
  score: number;
  day: string;
  detected_at: string;
}

const METRIC_WORDS: Record<AlertMessage['metric'], string> = { views: 'views', engagement: 'engagement', followers: 'follower change' };

/** Counts as counts (300, not 300.0); a median between two counts with its decimals. */
function figure(x: number): string {
  return formatNumber(x, Number.isInteger(x) ? 'int' : 'decimal');
}

export function alertTitle(a: AlertMessage): string {
  const where = a.content_id === null ? `your ${platformName(a.platform)} account` : `a ${platformName(a.platform)} post`;
  if (a.kind === 'viral') return `a ${platformName(a.platform)} post is going viral`;
  return `${METRIC_WORDS[a.metric]} ${a.kind === 'spike' ? 'spiked' : 'dropped'} on ${where}`;
}

export function alertText(a: AlertMessage, link: string | null): string {
  const unit = a.kind === 'viral' ? 'views so far' : `${METRIC_WORDS[a.metric]} on ${a.day}`;
  const lines = [
    `${alertTitle(a)[0]!.toUpperCase()}${alertTitle(a).slice(1)}.`,
    '',
    `Observed: ${figure(a.observed)} ${unit}`,
    `Usual: ${figure(a.expected)}`,
    `Score: ${a.score.toFixed(1)} (robust z-score; your threshold decides when you hear about it)`,
  ];
  if (a.content_id !== null) lines.push(`Content id: ${a.content_id}`);
  if (link) lines.push('', 'In Pulseboard:', link);
  lines.push('', 'Change thresholds, e-mail and webhook in your alert settings.');
  return lines.join('\n');
}
