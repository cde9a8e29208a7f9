// Validation cost alone, in process, no database: `node [--cpu-prof] apps/api/bench/validate-profile.mjs [returns]`.
// Validates the first N returns of scale L (default 1,000) as the bulk path does (JSON cells → the
// validator) and prints ms per return and µs per cell. Used to find what validation spends its time on.
import { BELGIUM_POLICE } from '@equity/shared';
import { jsonCellsToTable, validateCellRows } from '../dist/returns/return-validator.js';
import { benchReturns } from './data.mjs';

const n = Number(process.argv[2] ?? 1000);
const data = benchReturns('L');
const returns = data.returns.slice(0, n);
const cells = returns.reduce((a, r) => a + r.cells.length, 0);
for (const r of returns.slice(0, 50)) validateCellRows(jsonCellsToTable(r.cells).table, { profile: BELGIUM_POLICE, zone: String(r.zone), period: r.period }, { checkHeader: false });
const t = performance.now();
let errors = 0;
for (const r of returns) {
  const { table } = jsonCellsToTable(r.cells);
  errors += validateCellRows(table, { profile: BELGIUM_POLICE, zone: String(r.zone), period: r.period }, { checkHeader: false }).errors.length;
}
const ms = performance.now() - t;
console.log(`${returns.length} returns, ${cells} cells: ${(ms / returns.length).toFixed(2)} ms per return, ${((ms * 1000) / cells).toFixed(2)} µs per cell, ${errors} errors`);
