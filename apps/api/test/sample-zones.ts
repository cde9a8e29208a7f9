// Two sample zones of men, for the specs that compare zones and their total (the national
// comparison, figure paths): every count written out, so that a spec can sum its expectations by
// hand. Each spec adds what it needs besides (civilian staff, more flows).
import type { Cell } from '@equity/shared';
import { flow, hc } from './utils.js';

/** A large zone of every operational rank, one officer "not declared": the same every quarter, so average headcounts are exact. */
export const largeZoneHeadcounts = (): Cell[] => [
  hc('agent', 'be_be', 20), hc('agent', 'be_non_eu', 10), hc('agent', 'not_declared', 5),
  hc('basic', 'be_be', 200), hc('basic', 'be_non_eu', 60), hc('basic', 'be_eu', 15), hc('basic', 'not_declared', 20),
  hc('middle', 'be_be', 50), hc('middle', 'be_non_eu', 12), hc('middle', 'not_declared', 6),
  hc('officer', 'be_be', 15), hc('officer', 'be_non_eu', 6), hc('officer', 'not_declared', 1),
];

/** The large zone's flows in a quarter of the window: hires into basic, promotions into middle, separations from basic. */
export const largeZoneFlows = (): Cell[] => [
  flow('hires', 'new_recruit', 'basic', 'be_be', 6), flow('hires', 'new_recruit', 'basic', 'be_non_eu', 4),
  flow('promotions', '', 'middle', 'be_be', 3), flow('promotions', '', 'middle', 'be_non_eu', 2),
  flow('separations', 'retirement', 'basic', 'be_be', 2), flow('separations', 'resignation', 'basic', 'be_non_eu', 1),
];

/** A smaller zone, with 2 officers of migration background (withheld from management, k = 5): the same every quarter. */
export const smallZoneHeadcounts = (): Cell[] => [
  hc('basic', 'be_be', 100), hc('basic', 'be_non_eu', 30), hc('basic', 'not_declared', 10),
  hc('middle', 'be_be', 25), hc('middle', 'be_non_eu', 8), hc('middle', 'not_declared', 3),
  hc('officer', 'be_be', 9), hc('officer', 'be_non_eu', 2),
];

/** The smaller zone's flows in a quarter of the window. */
export const smallZoneFlows = (): Cell[] => [
  flow('hires', 'new_recruit', 'basic', 'be_be', 3), flow('hires', 'new_recruit', 'basic', 'be_non_eu', 2),
  flow('promotions', '', 'middle', 'be_be', 2), flow('promotions', '', 'middle', 'be_non_eu', 1),
  flow('separations', 'retirement', 'basic', 'be_be', 1),
];
