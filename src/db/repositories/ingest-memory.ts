/**
 * Memory for one ingest transaction's sorts and hashes.
 *
 * A batch of 50,000 observations is sorted into key order before it is
 * inserted, and its rollups are rebuilt with window functions over the same
 * rows. At PostgreSQL's default work_mem (4 MB) those sorts spill to
 * temporary files (EXPLAIN ANALYZE of a bench batch: "external merge Disk:
 * 2520kB"). SET LOCAL lasts until the transaction ends, so only ingestion gets
 * the larger allowance, and at most one ingest per user runs at a time.
 */
import type { Queryable } from '../client.js';

const INGEST_WORK_MEM = '64MB';

export async function giveIngestSortMemory(tx: Queryable): Promise<void> {
  await tx.query(`SET LOCAL work_mem = '${INGEST_WORK_MEM}'`);
}
