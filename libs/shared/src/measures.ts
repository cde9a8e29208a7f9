import type { Label } from './labels.js';

export interface MeasureDef {
  code: MeasureCode;
  label: Label;
  /** What a measure counts: a stock at the end of the quarter or a flow during it. */
  kind: 'stock' | 'flow';
  /** The breakdown a cell of this measure must carry in its `detail` (empty: no detail). */
  details: { code: string; label: Label }[];
  /** Other words read as this measure in an upload (any language), besides the code and labels. */
  synonyms?: string[];
  description: string;
}

export const MEASURE_CODES = ['headcount', 'hires', 'promotions', 'separations', 'funnel'] as const;
export type MeasureCode = (typeof MEASURE_CODES)[number];

export const MEASURES: Record<MeasureCode, MeasureDef> = {
  headcount: {
    code: 'headcount',
    kind: 'stock',
    label: { en: 'Headcount', nl: 'Personeelsbestand', fr: 'Effectif' },
    synonyms: ['effectief', 'personeelssterkte', 'effectifs', 'staff in post'],
    details: [],
    description: 'Staff in service on the last day of the quarter.',
  },
  hires: {
    code: 'hires',
    kind: 'flow',
    label: { en: 'Hires', nl: 'Indiensttredingen', fr: 'Recrutements' },
    synonyms: ['aanwervingen', 'instroom', 'embauches', 'entrées', 'joiners'],
    details: [
      { code: 'new_recruit', label: { en: 'New recruit', nl: 'Nieuwe rekruut', fr: 'Nouvelle recrue' } },
      { code: 'transfer_in', label: { en: 'Transfer in (mobility)', nl: 'Mobiliteit (inkomend)', fr: 'Mobilité (entrante)' } },
    ],
    description: 'People who joined the zone during the quarter, by entry type, in the category they joined.',
  },
  promotions: {
    code: 'promotions',
    kind: 'flow',
    label: { en: 'Promotions', nl: 'Bevorderingen', fr: 'Promotions' },
    synonyms: ['bevordering', 'promotion'],
    details: [],
    description: 'Promotions during the quarter, counted in the category promoted into.',
  },
  separations: {
    code: 'separations',
    kind: 'flow',
    label: { en: 'Separations', nl: 'Uitstroom', fr: 'Départs' },
    synonyms: ['vertrekken', 'uitdiensttredingen', 'sorties', 'leavers'],
    details: [
      { code: 'resignation', label: { en: 'Resignation', nl: 'Ontslag op eigen verzoek', fr: 'Démission' } },
      { code: 'retirement', label: { en: 'Retirement', nl: 'Pensioen', fr: 'Retraite' } },
      { code: 'dismissal', label: { en: 'Dismissal', nl: 'Ontslag', fr: 'Licenciement' } },
      { code: 'transfer_out', label: { en: 'Transfer out (mobility)', nl: 'Mobiliteit (uitgaand)', fr: 'Mobilité (sortante)' } },
      { code: 'other', label: { en: 'Other', nl: 'Andere', fr: 'Autre' } },
    ],
    description: 'People who left the zone during the quarter, by reason, in the category they left.',
  },
  funnel: {
    code: 'funnel',
    kind: 'flow',
    label: { en: 'Selection funnel', nl: 'Selectietrechter', fr: 'Entonnoir de sélection' },
    details: [
      { code: 'applicants', label: { en: 'Applicants', nl: 'Kandidaten', fr: 'Candidats' } },
      { code: 'passed_tests', label: { en: 'Passed tests', nl: 'Geslaagd voor testen', fr: 'Tests réussis' } },
      { code: 'passed_interview', label: { en: 'Passed interview', nl: 'Geslaagd voor interview', fr: 'Entretien réussi' } },
      { code: 'hired', label: { en: 'Hired', nl: 'Aangeworven', fr: 'Engagés' } },
    ],
    description:
      'Recruitment rounds of the zone that closed during the quarter, summed, by stage, in the category recruited for.',
  },
};

export function isMeasureCode(value: string): value is MeasureCode {
  return (MEASURE_CODES as readonly string[]).includes(value);
}
