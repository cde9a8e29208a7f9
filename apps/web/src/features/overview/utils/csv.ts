// The CSV writer is shared (src/lib/csv.ts): the targets page downloads its tables the same way.
export { csvCell, downloadCsv, toCsv } from '../../../lib/csv';
