import type { ClassificationProfile } from './profile.js';

/** Home Office police workforce statistics (England and Wales): ranks and 2001-census ethnic groups. */
export const UK_HOME_OFFICE: ClassificationProfile = {
  code: 'uk-home-office',
  name: { en: 'UK Home Office police workforce' },
  categoryGroups: [{ code: 'officers', label: { en: 'Police officers' } }],
  categories: [
    { code: 'constable', group: 'officers', feeders: [], label: { en: 'Constable' } },
    { code: 'sergeant', group: 'officers', feeders: ['constable'], label: { en: 'Sergeant' } },
    { code: 'inspector', group: 'officers', feeders: ['sergeant'], label: { en: 'Inspector' } },
    { code: 'chief_inspector', group: 'officers', feeders: ['inspector'], label: { en: 'Chief Inspector' } },
    { code: 'superintendent', group: 'officers', feeders: ['chief_inspector'], label: { en: 'Superintendent' } },
    { code: 'chief_superintendent', group: 'officers', feeders: ['superintendent'], label: { en: 'Chief Superintendent' } },
    { code: 'chief_officer', group: 'officers', feeders: ['chief_superintendent'], label: { en: 'Chief Officer' } },
  ],
  dimensions: [
    {
      code: 'gender',
      reference: 'male',
      label: { en: 'Gender' },
      values: [
        { code: 'female', label: { en: 'Female' } },
        { code: 'male', label: { en: 'Male' } },
        { code: 'not_stated', notDeclared: true, label: { en: 'Not stated' } },
      ],
    },
    {
      code: 'ethnicity',
      reference: 'white',
      label: { en: 'Ethnicity' },
      values: [
        { code: 'white', label: { en: 'White' } },
        { code: 'black', label: { en: 'Black or Black British' } },
        { code: 'asian', label: { en: 'Asian or Asian British' } },
        { code: 'mixed', label: { en: 'Mixed' } },
        { code: 'chinese_other', label: { en: 'Chinese or other ethnic group' } },
        { code: 'not_stated', notDeclared: true, label: { en: 'Not stated' } },
      ],
      rollups: [
        { code: 'ethnic_minority', label: { en: 'Black, Asian and minority ethnic' }, members: ['black', 'asian', 'mixed', 'chinese_other'] },
      ],
    },
  ],
};
