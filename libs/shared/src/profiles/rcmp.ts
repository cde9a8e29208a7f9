import type { ClassificationProfile, DimensionDef } from './profile.js';

const designatedGroup = (code: string, en: string, fr: string): DimensionDef => ({
  code,
  reference: 'no',
  label: { en, fr },
  values: [
    { code: 'yes', label: { en: 'Yes', fr: 'Oui' } },
    { code: 'no', label: { en: 'No', fr: 'Non' } },
    { code: 'not_declared', notDeclared: true, label: { en: 'Not declared', fr: 'Non déclaré' } },
  ],
});

/**
 * Royal Canadian Mounted Police, Employment Equity Act: four designated groups, each its own
 * yes / no / not declared dimension, so one person may belong to several.
 */
export const RCMP: ClassificationProfile = {
  code: 'rcmp',
  name: { en: 'RCMP employment equity', fr: 'GRC équité en matière d’emploi' },
  categoryGroups: [{ code: 'rcmp', label: { en: 'RCMP employees', fr: 'Employés de la GRC' } }],
  categories: [
    { code: 'regular_member', group: 'rcmp', feeders: [], label: { en: 'Regular member', fr: 'Membre régulier' } },
    { code: 'civilian_member', group: 'rcmp', feeders: [], label: { en: 'Civilian member', fr: 'Membre civil' } },
    { code: 'public_service_employee', group: 'rcmp', feeders: [], label: { en: 'Public service employee', fr: 'Employé de la fonction publique' } },
  ],
  dimensions: [
    designatedGroup('women', 'Women', 'Femmes'),
    designatedGroup('visible_minority', 'Visible minorities', 'Minorités visibles'),
    designatedGroup('indigenous', 'Indigenous peoples', 'Peuples autochtones'),
    designatedGroup('disability', 'Persons with disabilities', 'Personnes handicapées'),
  ],
};
