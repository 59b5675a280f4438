/**
 * One load of the chart library (its own chunk, chart-engine.ts) for the
 * whole page. Chart calls it when it mounts; the routes of views that draw
 * charts call it beside their own chunk, so the library arrives with the
 * view instead of after it.
 */
let engine: Promise<typeof import('./chart-engine.js')> | null = null;

export function loadChartEngine(): Promise<typeof import('./chart-engine.js')> {
  return (engine ??= import('./chart-engine.js'));
}
