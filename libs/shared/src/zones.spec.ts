import { normaliseCommunes, parseShare, splitCommunes, zoneDisplayName } from './zones.js';

describe('parseShare', () => {
  it('reads fractions with a point or a comma, and percentages with their sign', () => {
    expect(parseShare('0.52')).toBe(0.52);
    expect(parseShare(' 0,52 ')).toBe(0.52);
    expect(parseShare('52%')).toBe(0.52);
    expect(parseShare('52,5 %')).toBe(0.525);
    expect(parseShare('0')).toBe(0);
    expect(parseShare('1')).toBe(1);
    expect(parseShare('100%')).toBe(1);
  });

  it('refuses what is not a share: above 1 without a sign, above 100 %, negative, text, empty', () => {
    for (const text of ['1.5', '52', '101%', '-0.1', 'half', '', '0.5.1', '5e-1']) expect(parseShare(text)).toBeNull();
  });
});

describe('communes and names', () => {
  it('splits communes on ";", trims them and drops blanks and repeats (whatever the case)', () => {
    expect(splitCommunes(' Leuven ;Herent;; leuven ;Oud-Heverlee ')).toEqual(['Leuven', 'Herent', 'Oud-Heverlee']);
    expect(normaliseCommunes(['  Sint-Joost-ten-Node  ', 'Evere'])).toEqual(['Sint-Joost-ten-Node', 'Evere']);
  });

  it('names a zone once when both languages agree, else both', () => {
    expect(zoneDisplayName('Charleroi', 'Charleroi')).toBe('Charleroi');
    expect(zoneDisplayName('Gent', 'Gand')).toBe('Gent / Gand');
  });
});
