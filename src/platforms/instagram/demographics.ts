/**
 * Instagram follower demographics (Graph API account insights), read at a
 * slow cadence: the sync step runs only when the sync asks for it (the daily
 * full sync, see src/sync/cadence.ts).
 *
 * `GET /{ig-user-id}/insights?metric=follower_demographics&period=lifetime
 * &metric_type=total_value&breakdown=<age|gender|country|city>`: one call per
 * breakdown, follower counts per bucket under `total_value.breakdowns`
 * ('18-24'; 'F'/'M'/'U'; 'US'; 'London, England'), top 45 buckets only.
 * Meta reports demographics only for accounts with 100 or more followers:
 * below that the step does not ask (it would spend four calls of the 200 an
 * hour on an empty answer) and stores, per dimension, a report that says so.
 * An empty `data` or a refused call (code 10/100, HTTP 400) is recorded the
 * same way with its reason, never as zeros and without failing the sync.
 * The basis is `followers_count` read in the same step (1 call).
 */
import type { AudienceDimension, AudienceReportObservation } from '../../ingest/observations.js';
import { PermanentError } from '../errors.js';
import type { StepPage, SyncStep } from '../sync-steps.js';
import type { CallContext } from '../types.js';
import type { InstagramClient } from './client.js';
import type { DemographicBreakdown } from './parse-demographics.js';

export const DEMOGRAPHIC_BREAKDOWNS: DemographicBreakdown[] = ['age', 'gender', 'country', 'city'];
/** Meta's threshold for follower_demographics (reference §3.4). */
export const MIN_FOLLOWERS_FOR_DEMOGRAPHICS = 100;

export function instagramDemographicsStep(client: InstagramClient, token: string, userId: string, ctx: CallContext, now: () => Date): SyncStep {
  return {
    name: 'demographics',
    async *run(): AsyncGenerator<StepPage> {
      const followers = (await client.me(token, ctx)).followersCount;
      const basis = followers === undefined ? undefined : { kind: 'followers' as const, count: followers };
      const report = (dimension: AudienceDimension, values: { bucket: string; value: number }[], reason?: string): AudienceReportObservation => {
        const out: AudienceReportObservation = { dimension, metric: 'follower_demographics', unit: 'followers', values, reportedAt: now() };
        if (basis) out.basis = basis;
        if (reason !== undefined) out.unavailableReason = reason;
        return out;
      };
      const audience: AudienceReportObservation[] = [];
      for (const breakdown of DEMOGRAPHIC_BREAKDOWNS) {
        if (followers !== undefined && followers < MIN_FOLLOWERS_FOR_DEMOGRAPHICS) {
          audience.push(report(breakdown, [], `Instagram reports follower demographics only for accounts with ${MIN_FOLLOWERS_FOR_DEMOGRAPHICS} or more followers (this account has ${followers})`));
          continue;
        }
        try {
          const answer = await client.followerDemographics(token, userId, breakdown, ctx);
          if (!answer.reported || answer.results.length === 0) audience.push(report(breakdown, [], 'Instagram returned no follower demographics (empty data: not available for this account)'));
          else audience.push(report(breakdown, answer.results));
        } catch (err) {
          if (err instanceof PermanentError && err.status !== undefined && err.status >= 400) audience.push(report(breakdown, [], `Instagram refused follower demographics: ${err.reason}`));
          else throw err;
        }
      }
      yield { body: { audience }, more: null };
    },
  };
}
