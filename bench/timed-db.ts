/**
 * A Db that times every statement, inside transactions too, keyed by the
 * start of its SQL. Wrapped around the real Db of the services so the
 * benchmark can say which statement of ingestion takes the time, without
 * touching src/. Overhead: one performance.now() pair per statement.
 */
import type { Db, Queryable, Tx } from '../src/db/client.js';

export interface StatementTime {
  statement: string;
  calls: number;
  totalMs: number;
}

function label(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 90);
}

export interface ExplainedStatement {
  statement: string;
  /** Execution Time of EXPLAIN ANALYZE (run in a savepoint that is rolled back before the real statement). */
  executionMs: number;
  plan: string;
}

const EXPLAINABLE = /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i;

export class TimedDb implements Db {
  recording = false;
  /** While true, every explainable statement inside a transaction is first run under EXPLAIN ANALYZE in a savepoint. */
  explaining = false;
  readonly explained: ExplainedStatement[] = [];
  private readonly times = new Map<string, { calls: number; totalMs: number }>();

  constructor(private readonly inner: Db) {}

  get engine(): Db['engine'] {
    return this.inner.engine;
  }

  private async timed<T>(sql: string, run: () => Promise<T>): Promise<T> {
    if (!this.recording) return run();
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      const key = label(sql);
      const entry = this.times.get(key) ?? { calls: 0, totalMs: 0 };
      entry.calls += 1;
      entry.totalMs += performance.now() - t0;
      this.times.set(key, entry);
    }
  }

  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.timed(sql, () => this.inner.query<T>(sql, params));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      fn({
        query: async <R extends object>(sql: string, params?: unknown[]) => {
          if (this.explaining && EXPLAINABLE.test(sql) && !sql.includes('pg_advisory_xact_lock')) await this.explain(tx, sql, params);
          return this.timed(sql, () => tx.query<R>(sql, params));
        },
        // Timed under one label per table; COPY has no plan to EXPLAIN.
        copyRows: (table, columns, text) => this.timed(`COPY ${table} (${columns.join(', ')})`, () => tx.copyRows(table, columns, text)),
      }),
    );
  }

  private async explain(tx: Queryable, sql: string, params?: unknown[]): Promise<void> {
    await tx.query('SAVEPOINT bench_explain');
    try {
      const rows = await tx.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      const plan = rows.map((r) => String(r['QUERY PLAN'])).join('\n');
      this.explained.push({ statement: label(sql), executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), plan });
    } finally {
      await tx.query('ROLLBACK TO SAVEPOINT bench_explain');
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Statements by total time, slowest first. */
  report(): StatementTime[] {
    return [...this.times.entries()]
      .map(([statement, t]) => ({ statement, calls: t.calls, totalMs: Math.round(t.totalMs * 10) / 10 }))
      .sort((a, b) => b.totalMs - a.totalMs);
  }
}
