/**
 * Nelder–Mead minimisation inside a box: each parameter is searched on the
 * real line and mapped into (lower, upper) with a logistic, so the simplex
 * never leaves the admissible region (a smoothing weight in (0, 1), a damping
 * factor in [0.8, 0.98]). Deterministic: the same start gives the same answer.
 */

export interface Bound {
  lower: number;
  upper: number;
}

const toBox = (u: number, b: Bound) => b.lower + (b.upper - b.lower) / (1 + Math.exp(-u));
function fromBox(x: number, b: Bound): number {
  // A start on (or beyond) the bound is pulled just inside, where the logistic is finite.
  const p = Math.min(1 - 1e-6, Math.max(1e-6, (x - b.lower) / (b.upper - b.lower)));
  return Math.log(p / (1 - p));
}

export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
}

/**
 * Minimises f over the box from `start`. Standard coefficients (reflection 1,
 * expansion 2, contraction 0.5, shrink 0.5); stops when the simplex's values
 * differ by less than `tolerance` (relative) or after `maxEvaluations`.
 */
export function minimiseInBox(f: (x: number[]) => number, start: number[], bounds: Bound[], step = 1, maxEvaluations = 400, tolerance = 1e-6): Minimum {
  const k = start.length;
  let evaluations = 0;
  const g = (u: number[]) => {
    evaluations += 1;
    const v = f(u.map((ui, i) => toBox(ui, bounds[i]!)));
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const u0 = start.map((x, i) => fromBox(x, bounds[i]!));
  // Initial simplex: the start and one `step` (in logit units) along each axis.
  const simplex: { u: number[]; v: number }[] = [{ u: u0, v: g(u0) }];
  for (let i = 0; i < k; i++) {
    const u = [...u0];
    u[i] = u[i]! + step;
    simplex.push({ u, v: g(u) });
  }
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[k]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + 1e-12)) break;
    const centroid = Array.from({ length: k }, (_, i) => simplex.slice(0, k).reduce((s, p) => s + p.u[i]!, 0) / k);
    const along = (t: number) => centroid.map((c, i) => c + t * (worst.u[i]! - c));
    const reflected = along(-1);
    const vr = g(reflected);
    if (vr < best.v) {
      const expanded = along(-2);
      const ve = g(expanded);
      simplex[k] = ve < vr ? { u: expanded, v: ve } : { u: reflected, v: vr };
    } else if (vr < simplex[k - 1]!.v) {
      simplex[k] = { u: reflected, v: vr };
    } else {
      const contracted = vr < worst.v ? along(-0.5) : along(0.5);
      const vc = g(contracted);
      if (vc < Math.min(vr, worst.v)) {
        simplex[k] = { u: contracted, v: vc };
      } else {
        for (let j = 1; j <= k; j++) {
          const u = simplex[j]!.u.map((x, i) => best.u[i]! + 0.5 * (x - best.u[i]!));
          simplex[j] = { u, v: g(u) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.u.map((u, i) => toBox(u, bounds[i]!)), value: simplex[0]!.v, evaluations };
}
