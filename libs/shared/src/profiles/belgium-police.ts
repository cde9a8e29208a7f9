import type { ClassificationProfile } from './profile.js';

/** Default profile: Belgian local police zones, Statbel origin categories. */
export const BELGIUM_POLICE: ClassificationProfile = {
  code: 'belgium-police',
  name: { en: 'Belgian local police', nl: 'Belgische lokale politie', fr: 'Police locale belge' },
  categoryGroups: [
    { code: 'operational', label: { en: 'Operational staff', nl: 'Operationeel kader', fr: 'Cadre opérationnel' } },
    { code: 'calog', label: { en: 'Civilian staff (CALog)', nl: 'Burgerpersoneel (CALog)', fr: 'Personnel civil (CALog)' } },
  ],
  categories: [
    { code: 'agent', group: 'operational', feeders: [], label: { en: 'Police agent', nl: 'Agent van politie', fr: 'Agent de police' } },
    { code: 'basic', group: 'operational', feeders: ['agent'], label: { en: 'Basic cadre (inspector)', nl: 'Basiskader (inspecteur)', fr: 'Cadre de base (inspecteur)' } },
    { code: 'middle', group: 'operational', feeders: ['basic'], label: { en: 'Middle cadre (chief inspector)', nl: 'Middenkader (hoofdinspecteur)', fr: 'Cadre moyen (inspecteur principal)' } },
    { code: 'officer', group: 'operational', feeders: ['middle'], label: { en: 'Officer cadre (commissioner)', nl: 'Officierskader (commissaris)', fr: 'Cadre officier (commissaire)' } },
    { code: 'calog_d', group: 'calog', feeders: [], label: { en: 'CALog level D', nl: 'CALog niveau D', fr: 'CALog niveau D' } },
    { code: 'calog_c', group: 'calog', feeders: ['calog_d'], label: { en: 'CALog level C', nl: 'CALog niveau C', fr: 'CALog niveau C' } },
    { code: 'calog_b', group: 'calog', feeders: ['calog_c'], label: { en: 'CALog level B', nl: 'CALog niveau B', fr: 'CALog niveau B' } },
    { code: 'calog_a', group: 'calog', feeders: ['calog_b'], label: { en: 'CALog level A', nl: 'CALog niveau A', fr: 'CALog niveau A' } },
  ],
  dimensions: [
    {
      code: 'gender',
      reference: 'male',
      label: { en: 'Gender', nl: 'Gender', fr: 'Genre' },
      values: [
        { code: 'female', label: { en: 'Female', nl: 'Vrouw', fr: 'Femme' } },
        { code: 'male', label: { en: 'Male', nl: 'Man', fr: 'Homme' } },
        { code: 'x', label: { en: 'X', nl: 'X', fr: 'X' } },
        { code: 'not_declared', notDeclared: true, label: { en: 'Not declared', nl: 'Niet opgegeven', fr: 'Non déclaré' } },
      ],
    },
    {
      code: 'origin',
      reference: 'be_be',
      // Self-declared: someone whose parents have different backgrounds may recognise several.
      multiple: true,
      label: { en: 'Origin', nl: 'Herkomst', fr: 'Origine' },
      values: [
        { code: 'be_be', label: { en: 'Belgian of Belgian origin', nl: 'Belg van Belgische herkomst', fr: 'Belge d’origine belge' } },
        { code: 'be_eu', label: { en: 'Belgian of EU origin', nl: 'Belg van EU-herkomst', fr: 'Belge d’origine UE' } },
        { code: 'be_non_eu', label: { en: 'Belgian of non-EU origin', nl: 'Belg van niet-EU-herkomst', fr: 'Belge d’origine hors UE' } },
        { code: 'non_be_eu', label: { en: 'Non-Belgian, EU', nl: 'Niet-Belg, EU', fr: 'Non-Belge, UE' } },
        { code: 'non_be_non_eu', label: { en: 'Non-Belgian, non-EU', nl: 'Niet-Belg, niet-EU', fr: 'Non-Belge, hors UE' } },
        { code: 'not_declared', notDeclared: true, label: { en: 'Not declared', nl: 'Niet opgegeven', fr: 'Non déclaré' } },
      ],
      rollups: [
        {
          code: 'migration_background',
          label: { en: 'Migration background', nl: 'Migratieachtergrond', fr: 'Issu de l’immigration' },
          members: ['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu'],
        },
        {
          code: 'non_eu_background',
          label: { en: 'Non-EU background', nl: 'Niet-EU-achtergrond', fr: 'Origine hors UE' },
          members: ['be_non_eu', 'non_be_non_eu'],
        },
      ],
    },
    {
      code: 'age_band',
      optional: true,
      label: { en: 'Age band', nl: 'Leeftijdsgroep', fr: 'Tranche d’âge' },
      values: [
        { code: 'under_30', label: { en: 'Under 30', nl: 'Jonger dan 30', fr: 'Moins de 30 ans' } },
        { code: '30_39', label: { en: '30–39', nl: '30–39', fr: '30–39' } },
        { code: '40_49', label: { en: '40–49', nl: '40–49', fr: '40–49' } },
        { code: '50_plus', label: { en: '50 and over', nl: '50 en ouder', fr: '50 ans et plus' } },
        { code: 'not_declared', notDeclared: true, label: { en: 'Not declared', nl: 'Niet opgegeven', fr: 'Non déclaré' } },
      ],
    },
    {
      code: 'disability',
      optional: true,
      label: { en: 'Disability', nl: 'Handicap', fr: 'Handicap' },
      values: [
        { code: 'yes', label: { en: 'Yes', nl: 'Ja', fr: 'Oui' } },
        { code: 'no', label: { en: 'No', nl: 'Nee', fr: 'Non' } },
        { code: 'not_declared', notDeclared: true, label: { en: 'Not declared', nl: 'Niet opgegeven', fr: 'Non déclaré' } },
      ],
    },
  ],
};
