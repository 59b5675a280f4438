/**
 * The simulated audience of each account, and the two platforms' demographic
 * answers built from it, in their documented shapes and with their traps:
 *
 *  - YouTube Analytics: `viewerPercentage` by `ageGroup` / `gender` (and
 *    both), percent of the window's signed-in viewers written with one
 *    decimal, so a table sums to about 100, not exactly; zero rows left out;
 *    no `rows` at all when the window had fewer than YT_MIN_VIEWS views (the
 *    privacy threshold). `views` by `country`: integer views per ISO code.
 *  - Instagram `follower_demographics` (period=lifetime,
 *    metric_type=total_value, breakdown=age|gender|country|city): follower
 *    counts under `total_value.breakdowns`, about 8% of followers
 *    undescribed, top 45 buckets only, and an empty `data` for an account
 *    under 100 followers.
 *
 * The audience is a pure function of the account (seeded), so tests can ask
 * the simulator for the truth (`audience()`) and compare.
 */
import { rngFor } from './random.js';
import { countersAt } from './counters.js';
import type { SimAccount, SimPost } from './world-types.js';

export const YT_AGE_GROUPS = ['age13-17', 'age18-24', 'age25-34', 'age35-44', 'age45-54', 'age55-64', 'age65-'] as const;
export const IG_AGE_GROUPS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export const YT_GENDERS = ['female', 'male', 'user_specified'] as const;
export const IG_GENDERS = ['F', 'M', 'U'] as const;
/** Below this many views in the window YouTube describes nobody. */
export const YT_MIN_VIEWS = 100;
export const IG_MIN_FOLLOWERS = 100;
/** Share of followers Instagram can describe (the rest have no known age, place…). */
export const IG_DESCRIBED_SHARE = 0.92;
export const IG_TOP_BUCKETS = 45;

const COUNTRIES = ['US', 'IN', 'BR', 'GB', 'DE', 'MX', 'ID', 'CA', 'FR', 'PH', 'JP', 'ES', 'IT', 'AU', 'NG', 'TR', 'NL', 'PL', 'AR', 'ZA'];
const CITIES = ['London, England', 'New York, New York', 'Los Angeles, California', 'São Paulo, São Paulo', 'Mumbai, Maharashtra', 'Berlin, Berlin', 'Mexico City, Distrito Federal',
  'Toronto, Ontario', 'Paris, Île-de-France', 'Madrid, Comunidad de Madrid', 'Sydney, New South Wales', 'Jakarta, Jakarta', 'Manila, Metro Manila', 'Lagos, Lagos', 'Chicago, Illinois',
  'Istanbul, Istanbul', 'Amsterdam, North Holland', 'Warsaw, Masovian', 'Buenos Aires, Buenos Aires', 'Tokyo, Tokyo', 'Delhi, Delhi', 'Rome, Lazio', 'Houston, Texas', 'Milan, Lombardy',
  'Barcelona, Catalonia', 'Rio de Janeiro, Rio de Janeiro', 'Bangalore, Karnataka', 'Manchester, England', 'Munich, Bavaria', 'Melbourne, Victoria', 'Vancouver, British Columbia',
  'Cape Town, Western Cape', 'Lyon, Auvergne-Rhône-Alpes', 'Osaka, Osaka', 'Seattle, Washington', 'Miami, Florida', 'Hamburg, Hamburg', 'Montreal, Quebec', 'Guadalajara, Jalisco',
  'Cebu City, Central Visayas', 'Surabaya, East Java', 'Abuja, Federal Capital Territory', 'Ankara, Ankara', 'Rotterdam, South Holland', 'Kraków, Lesser Poland', 'Córdoba, Córdoba',
  'Johannesburg, Gauteng', 'Lisbon, Lisbon', 'Dublin, Leinster', 'Austin, Texas'];

/** Shares (summing to 1) per bucket, in the order of the bucket lists above. */
export interface AudienceProfile {
  age: number[];
  gender: number[];
  countries: { code: string; share: number }[];
  cities: { name: string; share: number }[];
}

function normalize(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

export function audienceProfile(account: SimAccount): AudienceProfile {
  const rng = rngFor('audience', account.platform, account.externalId);
  const age = normalize([0.05, 0.3, 0.3, 0.16, 0.1, 0.06, 0.03].map((w) => w * rng.logNormal(0, 0.4)));
  const female = 0.25 + 0.5 * rng.next();
  const other = 0.005 + 0.02 * rng.next();
  const gender = [female * (1 - other), (1 - female) * (1 - other), other];
  const order = [...COUNTRIES].sort(() => rng.next() - 0.5);
  // Zipf-like: one home country, a long tail.
  const countryShares = normalize(order.map((_, k) => 1 / Math.pow(k + 1, 1.3)));
  const cityOrder = [...CITIES].sort(() => rng.next() - 0.5);
  const cityShares = normalize(cityOrder.map((_, k) => 1 / Math.pow(k + 1, 1.1)));
  return {
    age,
    gender,
    countries: order.map((code, k) => ({ code, share: countryShares[k]! })),
    cities: cityOrder.map((name, k) => ({ name, share: cityShares[k]! })),
  };
}

/** Percent with one decimal, as YouTube writes viewerPercentage; zero rows are left out. */
function percentRows(labels: readonly string[], shares: number[]): [string, number][] {
  return labels.flatMap((label, i): [string, number][] => {
    const pct = Math.round(shares[i]! * 1000) / 10;
    return pct > 0 ? [[label, pct]] : [];
  });
}

/**
 * YouTube Analytics rows for a demographic query, or an error message.
 * `windowViews` are the channel's views in the queried window.
 */
export function youtubeDemographicRows(profile: AudienceProfile, dimensions: string[], metrics: string[], windowViews: number): (string | number)[][] | string {
  const key = dimensions.join(',');
  if (key === 'country') {
    const bad = metrics.find((m) => m !== 'views' && m !== 'estimatedMinutesWatched');
    if (bad) return `Unknown identifier (${bad}) given in field parameters.metrics.`;
    if (metrics.includes('estimatedMinutesWatched')) return 'The query is not supported.';
    // Largest remainder, so the countries add up to the window's views.
    const raw = profile.countries.map((c) => ({ code: c.code, exact: c.share * windowViews }));
    const rows = raw.map((c) => ({ code: c.code, views: Math.floor(c.exact), rest: c.exact - Math.floor(c.exact) }));
    let left = windowViews - rows.reduce((s, r) => s + r.views, 0);
    for (const r of [...rows].sort((a, b) => b.rest - a.rest)) {
      if (left <= 0) break;
      r.views += 1;
      left -= 1;
    }
    return rows.filter((r) => r.views > 0).map((r) => [r.code, r.views]);
  }
  if (key !== 'ageGroup' && key !== 'gender' && key !== 'ageGroup,gender') return 'The query is not supported.';
  if (metrics.length !== 1 || metrics[0] !== 'viewerPercentage') return 'The query is not supported. viewerPercentage is the only metric for ageGroup and gender.';
  if (windowViews < YT_MIN_VIEWS) return [];
  if (key === 'ageGroup') return percentRows(YT_AGE_GROUPS, profile.age);
  if (key === 'gender') return percentRows(YT_GENDERS, profile.gender);
  return YT_AGE_GROUPS.flatMap((age, a) =>
    percentRows(YT_GENDERS, profile.gender.map((g) => g * profile.age[a]!)).map(([gender, pct]) => [age, gender, pct]),
  );
}

/** Instagram's follower counts for one breakdown: top 45, zero buckets left out, largest first. */
export function instagramDemographicResults(profile: AudienceProfile, breakdown: string, followers: number): { dimension_values: string[]; value: number }[] {
  const described = followers * IG_DESCRIBED_SHARE;
  const buckets: [string, number][] =
    breakdown === 'age'
      ? IG_AGE_GROUPS.map((g, i) => [g, profile.age[i]!])
      : breakdown === 'gender'
        ? IG_GENDERS.map((g, i) => [g, profile.gender[i]!])
        : breakdown === 'country'
          ? profile.countries.map((c) => [c.code, c.share])
          : profile.cities.map((c) => [c.name, c.share]);
  return buckets
    .map(([label, share]) => ({ dimension_values: [label], value: Math.floor(described * share) }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, IG_TOP_BUCKETS);
}

const DAY_MS = 86_400_000;

/** A channel's views over days start..end (epoch day numbers), as the video report counts them: up to the last complete day. */
export function windowViews(posts: SimPost[], start: number, end: number, lastComplete: number): number {
  const asOf = new Date((Math.min(end, lastComplete) + 1) * DAY_MS);
  const from = new Date(start * DAY_MS);
  let views = 0;
  for (const post of posts) {
    const upTo = countersAt(post, asOf);
    if (!upTo) continue;
    views += upTo.views - (countersAt(post, from)?.views ?? 0);
  }
  return views;
}

/** The YouTube Analytics `dimensions` values answered from the audience. */
export const DEMOGRAPHIC_DIMENSIONS = new Set(['ageGroup', 'gender', 'ageGroup,gender', 'country']);
