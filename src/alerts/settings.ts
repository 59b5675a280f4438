/**
 * A user's alert settings: the defaults, the accepted bounds, and what the
 * detection needs of them. Stored in alert_settings (migration 013); a user
 * without a row has the defaults.
 *
 * Why these defaults:
 *  - spike and drop at |z| ≥ 3.5: the robust ("modified") z-score cut-off of
 *    Iglewicz and Hoaglin. With 1.4826 × MAD as the scale, a normal day passes
 *    it about once in 2,000 days per series, so a user with a few accounts and
 *    posts sees a handful of alerts a year from noise alone, not one a week;
 *  - viral at z ≥ 3 on the log scale of views at the same age (src/alerts/viral.ts),
 *    and at least VIRAL_MIN_RATIO × the account's usual: posts' views are
 *    heavy-tailed, so the log scale is where "far above usual" is symmetric;
 *  - a 7-day cool-down: a series that stood out again within a week is the same
 *    story continuing (a weekly show, a campaign), not a new one;
 *  - e-mail off until the user turns it on: alerts by mail are opt-in.
 */
export interface AlertThresholds {
  spike: number;
  drop: number;
  viral: number;
}

export interface AlertSettings {
  thresholds: AlertThresholds;
  /** Flagged days within this many days after an episode's last day continue it instead of opening a new alert. */
  cooldownDays: number;
  email: boolean;
  webhookUrl: string | null;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { spike: 3.5, drop: 3.5, viral: 3 };
export const DEFAULT_COOLDOWN_DAYS = 7;

export const DEFAULT_SETTINGS: AlertSettings = {
  thresholds: DEFAULT_THRESHOLDS,
  cooldownDays: DEFAULT_COOLDOWN_DAYS,
  email: false,
  webhookUrl: null,
};

/** Below 1 nearly every day would alert; past 20 nothing ever would. */
export const THRESHOLD_MIN = 1;
export const THRESHOLD_MAX = 20;
export const COOLDOWN_MAX_DAYS = 90;
