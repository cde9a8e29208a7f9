import type { DimensionDef } from '@equity/shared';

/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), most distinguishable first. The "not
 * declared" value always gets neutral grey so it never reads as a group.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;
export const NOT_DECLARED_COLOUR = '#B0B0B0';

export function valueColours(dimension: DimensionDef): Map<string, string> {
  const colours = new Map<string, string>();
  let i = 0;
  for (const value of dimension.values) {
    if (value.notDeclared) colours.set(value.code, NOT_DECLARED_COLOUR);
    else colours.set(value.code, OKABE_ITO[i++ % OKABE_ITO.length] ?? '#000000');
  }
  return colours;
}
