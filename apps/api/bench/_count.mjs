import { LinearSystem } from '../dist/disclosure/lp-audit.js';
const orig = LinearSystem.prototype.extreme;
globalThis.__lp = { n: 0, ms: 0, rows: 0 };
LinearSystem.prototype.extreme = async function (...a) { const t = performance.now(); const r = await orig.apply(this, a); __lp.n++; __lp.ms += performance.now() - t; __lp.rows += this.rows.length; return r; };
process.on('exit', () => console.log('LP solves', __lp.n, 'ms', Math.round(__lp.ms), 'avg rows', Math.round(__lp.rows / __lp.n)));
await import('./protect-profile.mjs');
