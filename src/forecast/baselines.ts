/**
 * The three benchmark methods of the M-competitions: naive (tomorrow is
 * today), seasonal naive (the same weekday a week ago) and drift (the line
 * from the first to the last observation, extended). Nothing is fitted.
 */
import { SEASON, type Model } from './model.js';

export const naive: Model = {
  name: 'naive',
  minLength: 1,
  fit(y) {
    const last = y[y.length - 1]!;
    return { params: {}, forecast: (h) => Array.from({ length: h }, () => last) };
  },
};

export const seasonalNaive: Model = {
  name: 'seasonal_naive',
  minLength: SEASON,
  fit(y) {
    const n = y.length;
    // Step k (0-based) repeats the observation of the same weekday in the last observed week.
    return { params: {}, forecast: (h) => Array.from({ length: h }, (_, k) => y[n - SEASON + (k % SEASON)]!) };
  },
};

export const drift: Model = {
  name: 'drift',
  minLength: 2,
  fit(y) {
    const n = y.length;
    const slope = (y[n - 1]! - y[0]!) / (n - 1);
    return { params: { slope }, forecast: (h) => Array.from({ length: h }, (_, k) => y[n - 1]! + slope * (k + 1)) };
  },
};
