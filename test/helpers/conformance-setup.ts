/**
 * Vitest global setup of the response-conformance check (conformance.ts).
 * Setup: a fresh directory the test workers append their records to.
 * Teardown: all workers' records together. The run fails when
 *  - any response did not conform to the OpenAPI document (all listed, one
 *    line per route and status, with the test files that produced them), or
 *  - on a run of the whole suite, a documented operation was never answered
 *    with a 2xx and is not in UNEXERCISED_OPERATIONS (or an entry there is stale).
 * Every operation + status seen is written to exercised.txt in that directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { UNEXERCISED_OPERATIONS, formatViolations, type RecordLine } from './conformance-report.js';

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-conformance-'));
  project.provide('conformanceDir', dir);

  return async function teardown() {
    const lines: RecordLine[] = [];
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      for (const text of readFileSync(join(dir, name), 'utf8').split('\n')) if (text) lines.push(JSON.parse(text) as RecordLine);
    }
    const root = project.config.root;
    const rel = (file: string) => (file === 'unknown' ? file : relative(root, file));

    const documented = new Set<string>();
    const seen = new Set<string>();
    const violations: { key: string; reason: string }[] = [];
    const filesOf = new Map<string, Set<string>>();
    for (const line of lines) {
      if (line.t === 'doc') line.operations.forEach((op) => documented.add(op));
      else if (line.t === 'seen') seen.add(line.key);
      else {
        violations.push({ key: line.key, reason: line.reason });
        const files = filesOf.get(line.key) ?? new Set<string>();
        files.add(rel(line.file));
        filesOf.set(line.key, files);
      }
    }
    writeFileSync(join(dir, 'exercised.txt'), [...seen].sort().join('\n') + '\n');

    const problems: string[] = [];
    if (violations.length > 0) {
      problems.push(`Responses that do not conform to the OpenAPI document (${formatViolations(violations).length} route+status):`);
      for (const line of formatViolations(violations)) {
        const key = line.slice(0, line.indexOf(': '));
        problems.push(`  ${line}   [${[...(filesOf.get(key) ?? [])].sort().join(', ')}]`);
      }
    }

    // Coverage only means something when every test file ran (not `vitest run some.test.ts`).
    const ran = new Set(project.vitest.state.getFiles().map((f) => f.filepath));
    const { testFiles } = await project.globTestFiles();
    const wholeSuite = documented.size > 0 && testFiles.every((f) => ran.has(f));
    if (wholeSuite) {
      const ok2xx = new Set([...seen].filter((k) => /\s2\d\d$/.test(k)).map((k) => k.replace(/\s\d{3}$/, '')));
      const missing = [...documented].filter((op) => !ok2xx.has(op) && !(op in UNEXERCISED_OPERATIONS)).sort();
      const stale = Object.keys(UNEXERCISED_OPERATIONS)
        .filter((op) => ok2xx.has(op) || !documented.has(op))
        .map((op) => `  ${op}: ${ok2xx.has(op) ? 'is answered with a 2xx by a test now' : 'is not in the document'}; remove it from UNEXERCISED_OPERATIONS`);
      if (missing.length > 0) {
        problems.push(`Documented operations no test answered with a 2xx (${missing.length}; test them, or list them with a reason in UNEXERCISED_OPERATIONS, test/helpers/conformance-report.ts):`);
        problems.push(...missing.map((op) => `  ${op}`));
      }
      problems.push(...stale);
    } else if (documented.size > 0) {
      console.log(`[conformance] ${ran.size} of ${testFiles.length} test files ran: operation coverage not checked.`);
    }

    if (problems.length === 0) {
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    // Kept for reading: the records and exercised.txt (every METHOD path status seen).
    const report = join(dir, 'report.txt');
    writeFileSync(report, problems.join('\n') + '\n');
    console.error(`\n[conformance] ${problems.join('\n')}\n[conformance] report: ${report}\n`);
    throw new Error(`OpenAPI conformance failed (${violations.length} non-conforming responses recorded); see ${report}`);
  };
}
