// Sums the vitest JSON reports (`test-results.json`, one per package) into one closing line:
// "tests: N passed, N failed, N skipped". Exits 1 if any test failed or no test ran.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

function* reports(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* reports(path);
    else if (entry === 'test-results.json') yield path;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const path of reports(process.cwd())) {
  const report = JSON.parse(readFileSync(path, 'utf8')) as VitestJsonReport;
  console.log(`  ${path}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
