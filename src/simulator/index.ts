export { createSimulator, type Simulator, type SimulatorOptions, type SimAccountInfo, type SimPostTruth } from './simulator.js';
export { manualClock, type Clock, type ManualClock } from './clock.js';
export type { FaultRule, FaultKind } from './faults.js';
export type { RequestRecord, SimStats, WindowReport } from './stats.js';
export type { SimLimits } from './types.js';
