/** Messages between bench/reports.ts and the server child (bench/reports/server.ts) over the IPC channel. */
export interface Usage {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** process.resourceUsage().maxRSS: peak since the process started. */
  maxRssMb: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

export type ServerMessage = { type: 'ready'; port: number; pid: number } | ({ type: 'usage'; id: number } & Usage);

export type ParentMessage = { type: 'usage'; id: number } | { type: 'stop' };
