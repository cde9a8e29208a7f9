import { acceptedHeadings, COLUMN_HEADINGS, columnHeading, foldText, templateColumn } from './headings.js';
import { BELGIUM_POLICE, BUILT_IN_PROFILES } from './profiles/index.js';

describe('template headings in three languages', () => {
  it('reads Dutch and French headings, with or without accents, as the template columns', () => {
    const cases: [string, string][] = [
      ['Categorie', 'category'],
      ['catégorie', 'category'],
      ['CATEGORIE', 'category'],
      ['Geslacht', 'gender'],
      ['Genre', 'gender'],
      ['Herkomst', 'origin'],
      ['origine', 'origin'],
      ['Aantal', 'count'],
      ['Nombre', 'count'],
      ['Indicator', 'measure'],
      ['Meting', 'measure'],
      ['Catégorie de personnel', 'category'],
      ['Mesure', 'measure'],
      ['Détail', 'detail'],
      ['Leeftijdsgroep', 'age_band'],
      ['Tranche d’âge', 'age_band'],
      ["tranche d'age", 'age_band'],
      ['Kwartaal', 'quarter'],
      ['Trimestre', 'quarter'],
      ['In dienst op einde', 'in_service_at_end'],
      ['Motif de départ', 'left_reason'],
      ['in_service_at_end', 'in_service_at_end'],
    ];
    for (const [heading, column] of cases) expect([heading, templateColumn(BELGIUM_POLICE, heading)]).toEqual([heading, column]);
  });

  it('leaves other headings unmapped (a name column stays a name column)', () => {
    for (const heading of ['naam', 'nom', 'comment', 'category_id', 'zone_name', 'sergeant']) expect(templateColumn(BELGIUM_POLICE, heading)).toBeUndefined();
  });

  it('no heading names two columns, in any profile', () => {
    for (const profile of BUILT_IN_PROFILES) {
      const columns = [...Object.keys(COLUMN_HEADINGS), ...profile.dimensions.map((d) => d.code)];
      const owner = new Map<string, string>();
      for (const column of columns) {
        for (const text of acceptedHeadings(profile, column)) {
          const key = foldText(text);
          expect([profile.code, text, owner.get(key) ?? column]).toEqual([profile.code, text, column]);
          owner.set(key, column);
        }
      }
    }
  });

  it('writes a heading in the language asked, the classification by the profile’s name', () => {
    expect(columnHeading(BELGIUM_POLICE, 'category', 'nl')).toBe('Categorie');
    expect(columnHeading(BELGIUM_POLICE, 'origin', 'fr')).toBe('Origine');
    expect(columnHeading(BELGIUM_POLICE, 'count', 'en')).toBe('Count');
    expect(columnHeading(BELGIUM_POLICE, 'unknown', 'fr')).toBe('unknown');
  });
});
