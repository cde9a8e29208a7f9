/**
 * The registry of figures: every figure the product computes and shows, described once — its
 * code, its name in the three interface languages (one name per language, used on every page and
 * in every export), its kind (how it is written), a short definition, the measures it stands on
 * and where it is offered. The lists of the API (national comparison, targets, exports), the
 * OpenAPI enums, the dashboard's names and the formatting of values all derive from here.
 *
 * Adding a figure: an entry here, its computation (analytics.ts) and its case in the one reader of
 * a figure (`figureValue`, figure-value.ts); docs/metrics.md gives its definition.
 */
import type { Label, Locale } from './labels.js';
import type { MeasureCode } from './measures.js';

/**
 * How a figure is written:
 * - `share`: a proportion from 0 to 1, written as a percentage with one decimal ("17.9%");
 * - `ratio`: a ratio of two shares or rates (1 = parity), two decimals ("2.61");
 * - `rate_per_1000`: events per 1,000 people, one decimal ("12.3");
 * - `percentage_points`: a difference of two shares, signed, in percentage points with one
 *   decimal ("-3.8 percentage points").
 */
export const FIGURE_KINDS = ['share', 'ratio', 'rate_per_1000', 'percentage_points'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/** Where a figure is offered: the national comparison, targets, a zone's page, the researcher exports. */
export const FIGURE_PLACES = ['national', 'targets', 'zone', 'exports'] as const;
export type FigurePlace = (typeof FIGURE_PLACES)[number];

/** Every figure, in the order lists show them (the exports' order). */
export const FIGURE_CODES = [
  'representation',
  'representation_of_total',
  'declaration_rate',
  'hiring_share',
  'hiring_ratio',
  'promotion_rate',
  'promotion_impact_ratio',
  'separations_per_1000',
  'retention',
  'availability_gap',
] as const;
export type FigureCode = (typeof FIGURE_CODES)[number];

export interface Figure {
  code: FigureCode;
  /** The figure's one name in each language (all three present). */
  label: Required<Label>;
  kind: FigureKind;
  /** What it is, in a sentence (all three languages). */
  definition: Required<Label>;
  /**
   * How the API serves its value: `rate` = numerator ÷ denominator with a Wilson interval; `number`
   * = a value derived from rates, without them.
   */
  value: 'rate' | 'number';
  /** The measures it stands on: no data when one of them was not supplied (docs/metrics.md). */
  needs: readonly MeasureCode[];
  /** It also needs the zone's availability benchmark for the group. */
  needsBenchmark?: boolean;
  /** Only for groups that do not overlap the reference group (a comparison with it). */
  needsReference?: boolean;
  /** One value per classification (everyone who declared it), not per group. */
  perClassification?: boolean;
  offered: readonly FigurePlace[];
  /**
   * Targets only: how far below its trajectory the figure may be and still count as on track, or
   * at risk — shares in proportion points, ratios in ratio units.
   */
  targetTolerance?: { onTrack: number; atRisk: number };
}

export const FIGURES = {
  representation: {
    code: 'representation',
    label: { en: 'Representation', nl: 'Vertegenwoordiging', fr: 'Représentation' },
    kind: 'share',
    definition: {
      en: 'Headcount of the group at the end of the quarter ÷ headcount of everyone who declared this classification.',
      nl: 'Personeelsbestand van de groep op het einde van het kwartaal ÷ personeelsbestand van iedereen die deze indeling opgaf.',
      fr: 'Effectif du groupe à la fin du trimestre ÷ effectif de toutes les personnes qui ont déclaré cette classification.',
    },
    value: 'rate',
    needs: ['headcount'],
    offered: ['national', 'targets', 'zone', 'exports'],
    targetTolerance: { onTrack: 0.005, atRisk: 0.02 },
  },
  representation_of_total: {
    code: 'representation_of_total',
    label: { en: 'Representation (of total)', nl: 'Vertegenwoordiging (van totaal)', fr: 'Représentation (du total)' },
    kind: 'share',
    definition: {
      en: 'Headcount of the group ÷ total headcount, everyone counted (not declared included).',
      nl: 'Personeelsbestand van de groep ÷ totaal personeelsbestand, iedereen meegeteld (ook wie niets opgaf).',
      fr: 'Effectif du groupe ÷ effectif total, tout le monde compté (non déclarés compris).',
    },
    value: 'rate',
    needs: ['headcount'],
    offered: ['zone', 'exports'],
  },
  declaration_rate: {
    code: 'declaration_rate',
    label: { en: 'Declaration rate', nl: 'Aangiftegraad', fr: 'Taux de déclaration' },
    kind: 'share',
    definition: {
      en: 'Headcount that declared this classification ÷ total headcount, at the end of the quarter (group "declared").',
      nl: 'Personeelsbestand dat deze indeling opgaf ÷ totaal personeelsbestand, op het einde van het kwartaal (groep "declared").',
      fr: 'Effectif ayant déclaré cette classification ÷ effectif total, à la fin du trimestre (groupe « declared »).',
    },
    value: 'rate',
    needs: ['headcount'],
    perClassification: true,
    offered: ['national', 'zone', 'exports'],
  },
  hiring_share: {
    code: 'hiring_share',
    label: { en: 'Hiring share', nl: 'Aandeel in aanwervingen', fr: 'Part des recrutements' },
    kind: 'share',
    definition: {
      en: 'Hires of the group ÷ declared hires over the 4 quarters ending with this one.',
      nl: 'Aanwervingen van de groep ÷ aanwervingen met opgave, over de 4 kwartalen tot en met dit kwartaal.',
      fr: 'Recrutements du groupe ÷ recrutements déclarés sur les 4 trimestres jusqu’à celui-ci.',
    },
    value: 'rate',
    needs: ['hires', 'headcount'],
    offered: ['targets', 'zone', 'exports'],
    targetTolerance: { onTrack: 0.01, atRisk: 0.04 },
  },
  hiring_ratio: {
    code: 'hiring_ratio',
    label: { en: 'Hiring ratio', nl: 'Aanwervingsratio', fr: 'Ratio de recrutement' },
    kind: 'ratio',
    definition: {
      en: 'Hiring share ÷ representation of declared at the start of the window; above 1, hiring diversifies the workforce.',
      nl: 'Aandeel in aanwervingen ÷ vertegenwoordiging bij wie aangaf aan het begin van de periode; boven 1 maken de aanwervingen het personeel diverser.',
      fr: 'Part des recrutements ÷ représentation des déclarés au début de la période ; au-dessus de 1, le recrutement diversifie l’effectif.',
    },
    value: 'number',
    needs: ['hires', 'headcount'],
    offered: ['national', 'zone', 'exports'],
  },
  promotion_rate: {
    code: 'promotion_rate',
    label: { en: 'Promotion rate', nl: 'Bevorderingsgraad', fr: 'Taux de promotion' },
    kind: 'share',
    definition: {
      en: 'Promotions of the group into the categories (that have a single feeder) over the window ÷ headcount of the group in the feeder categories at the window start.',
      nl: 'Bevorderingen van de groep naar de categorieën (met één voorgaande categorie) over de periode ÷ personeelsbestand van de groep in die voorgaande categorieën bij het begin van de periode.',
      fr: 'Promotions du groupe vers les catégories (ayant une seule catégorie d’origine) sur la période ÷ effectif du groupe dans les catégories d’origine au début de la période.',
    },
    value: 'rate',
    needs: ['promotions', 'headcount'],
    offered: ['zone', 'exports'],
  },
  promotion_impact_ratio: {
    code: 'promotion_impact_ratio',
    label: { en: 'Promotion impact ratio', nl: 'Impactratio bevordering', fr: 'Ratio d’impact des promotions' },
    kind: 'ratio',
    definition: {
      en: 'Promotion rate of the group ÷ promotion rate of the reference group (below 0.80: the four-fifths flag).',
      nl: 'Bevorderingsgraad van de groep ÷ bevorderingsgraad van de referentiegroep (onder 0,80: de vier-vijfdenvlag).',
      fr: 'Taux de promotion du groupe ÷ taux de promotion du groupe de référence (sous 0,80 : l’alerte des quatre cinquièmes).',
    },
    value: 'number',
    needs: ['promotions', 'headcount'],
    needsReference: true,
    offered: ['national', 'targets', 'zone', 'exports'],
    targetTolerance: { onTrack: 0.02, atRisk: 0.08 },
  },
  separations_per_1000: {
    code: 'separations_per_1000',
    label: { en: 'Separations per 1,000', nl: 'Uitstroom per 1.000', fr: 'Départs pour 1 000' },
    kind: 'rate_per_1000',
    definition: {
      en: 'Separations of the group over the window ÷ its average headcount at the window’s quarter ends, × 1,000.',
      nl: 'Uitstroom van de groep over de periode ÷ haar gemiddeld personeelsbestand op het einde van de kwartalen van de periode, × 1.000.',
      fr: 'Départs du groupe sur la période ÷ son effectif moyen à la fin des trimestres de la période, × 1 000.',
    },
    value: 'number',
    needs: ['separations', 'headcount'],
    offered: ['national', 'exports'],
  },
  retention: {
    code: 'retention',
    label: { en: 'Retention', nl: 'Behoud', fr: 'Rétention' },
    kind: 'share',
    definition: {
      en: '1 − separation rate of the group over the window.',
      nl: '1 − uitstroomgraad van de groep over de periode.',
      fr: '1 − taux de départ du groupe sur la période.',
    },
    value: 'rate',
    needs: ['separations', 'headcount'],
    offered: ['national', 'targets', 'zone', 'exports'],
    targetTolerance: { onTrack: 0.005, atRisk: 0.02 },
  },
  availability_gap: {
    code: 'availability_gap',
    label: { en: 'Gap to availability', nl: 'Verschil met beschikbaarheid', fr: 'Écart à la disponibilité' },
    kind: 'percentage_points',
    definition: {
      en: 'Representation of total − the zone’s availability benchmark (population share of the group), when an administrator set one.',
      nl: 'Vertegenwoordiging van het totaal − het beschikbaarheidscijfer van de zone (aandeel van de groep in de bevolking), als een beheerder er een instelde.',
      fr: 'Représentation du total − la référence de disponibilité de la zone (part du groupe dans la population), si un administrateur en a fixé une.',
    },
    value: 'number',
    needs: ['headcount'],
    needsBenchmark: true,
    offered: ['national', 'zone', 'exports'],
  },
} as const satisfies { [C in FigureCode]: Figure & { code: C } };

/** The codes of the figures offered in `place`, as a type. */
export type FigureOfferedIn<P extends FigurePlace> = { [C in FigureCode]: P extends (typeof FIGURES)[C]['offered'][number] ? C : never }[FigureCode];

/** The figures offered in `place`, in the registry's order. */
export function figuresOfferedIn<P extends FigurePlace>(place: P): readonly FigureOfferedIn<P>[] {
  return FIGURE_CODES.filter((code) => (FIGURES[code].offered as readonly FigurePlace[]).includes(place)) as FigureOfferedIn<P>[];
}

export function isFigureCode(value: string): value is FigureCode {
  return (FIGURE_CODES as readonly string[]).includes(value);
}

export function figure(code: FigureCode): Figure {
  return FIGURES[code];
}

/** The figure's one name in `locale`. */
export function figureName(code: FigureCode, locale: Locale = 'en'): string {
  return FIGURES[code].label[locale];
}

/** The kind of a figure (a kind stays itself). */
export function figureKind(codeOrKind: FigureCode | FigureKind): FigureKind {
  return (FIGURE_KINDS as readonly string[]).includes(codeOrKind) ? (codeOrKind as FigureKind) : FIGURES[codeOrKind as FigureCode].kind;
}

/** BCP 47 tag of an interface language for numbers (English readers expect 1,234.5). */
export function numberLocaleTag(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : `${locale}-BE`;
}

/** The unit written after a number of percentage points, per language. */
export const PERCENTAGE_POINTS_UNIT: Record<Locale, string> = { en: 'percentage points', nl: 'procentpunt', fr: 'points de pourcentage' };

export interface FormatFigureOptions {
  /** Percentage points: write the unit (default) or the signed number alone (a chart's axis). */
  unit?: boolean;
  /** Write the sign of a positive value too (a difference: the gap to a trajectory). Percentage points are always signed. */
  signed?: boolean;
}

const DECIMALS: Record<FigureKind, number> = { share: 1, ratio: 2, rate_per_1000: 1, percentage_points: 1 };

/**
 * A figure's value as text, the same on every page, in every CSV and in the report: a share as a
 * percentage ("17.9%"), a ratio with two decimals ("2.61"), a rate per 1,000 with one decimal
 * ("12.3"), percentage points signed with one decimal and their unit ("-3.8 percentage points").
 * Numbers are written in the language's way (nl "17,9%", fr "17,9 %"). No value (null) is no text
 * (null): the caller says why there is none ("no data", "suppressed"), never 0.
 */
export function formatFigure(codeOrKind: FigureCode | FigureKind, value: number, locale: Locale, options?: FormatFigureOptions): string;
export function formatFigure(codeOrKind: FigureCode | FigureKind, value: number | null, locale: Locale, options?: FormatFigureOptions): string | null;
export function formatFigure(codeOrKind: FigureCode | FigureKind, value: number | null, locale: Locale, options: FormatFigureOptions = {}): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  const kind = figureKind(codeOrKind);
  const digits = DECIMALS[kind];
  const signed = kind === 'percentage_points' || options.signed === true;
  const format = new Intl.NumberFormat(numberLocaleTag(locale), {
    ...(kind === 'share' ? { style: 'percent' as const } : {}),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
  });
  if (kind !== 'percentage_points') return format.format(value);
  const points = format.format(value * 100);
  return options.unit === false ? points : `${points} ${PERCENTAGE_POINTS_UNIT[locale]}`;
}
