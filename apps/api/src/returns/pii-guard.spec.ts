import { BELGIUM_POLICE, BUILT_IN_PROFILES, type Problem } from '@equity/shared';
import {
  applyScan,
  classifyHeading,
  columnLetter,
  containsEmail,
  containsNationalNumber,
  containsPhoneNumber,
  detectPersonalValue,
  isValidNationalNumber,
  scanTable,
} from './pii-guard.js';
import { aggregatePersonRows, cellColumns, jsonCellsToTable, personColumns, type RawTable, validateCellRows } from './return-validator.js';
import { parseCsv } from './upload-parser.js';

const ctx = { profile: BELGIUM_POLICE, zone: '5345', period: '2025-Q3' };

/**
 * A national register number written out from the rule: YYMMDD + sequence (3 digits) + check
 * digits CC = 97 − (YYMMDDXXX mod 97), or for a birth in 2000 or later 97 − (2YYMMDDXXX mod 97).
 */
function nationalNumber(birth: { year: number; month: number; day: number }, sequence: number): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const nine = `${pad(birth.year % 100, 2)}${pad(birth.month, 2)}${pad(birth.day, 2)}${pad(sequence, 3)}`;
  const base = birth.year >= 2000 ? Number(`2${nine}`) : Number(nine);
  const check = 97 - (base % 97);
  return `${nine}${pad(check, 2)}`;
}

/** 31 July 1985, man no. 3 of the day: 850731003 mod 97 = 69, 97 − 69 = 28. */
const BORN_1985 = nationalNumber({ year: 1985, month: 7, day: 31 }, 3);
/** 12 May 2003, woman no. 124: 2030512124 mod 97 = 66, 97 − 66 = 31. */
const BORN_2003 = nationalNumber({ year: 2003, month: 5, day: 12 }, 124);
const withCheck = (n: string, cc: number) => `${n.slice(0, 9)}${String(cc).padStart(2, '0')}`;
const formatted = (n: string) => `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}`;

const where = (errors: Problem[]) => errors.map((e) => [e.row, e.column, e.code]);

describe('national register numbers', () => {
  it('computes the test numbers as the rule says', () => {
    expect(BORN_1985).toBe('85073100328');
    expect(850731003 % 97).toBe(69);
    expect(BORN_2003).toBe('03051212431');
    expect(2030512124 % 97).toBe(66);
  });

  it('accepts valid check digits, before and after 2000', () => {
    expect(isValidNationalNumber(BORN_1985)).toBe(true);
    expect(isValidNationalNumber(BORN_2003)).toBe(true);
    // BIS number (month + 40) of someone not in the register, and an unknown birth date (00).
    expect(isValidNationalNumber(nationalNumber({ year: 1990, month: 43, day: 9 }, 17))).toBe(true);
    expect(isValidNationalNumber(nationalNumber({ year: 1970, month: 0, day: 0 }, 401))).toBe(true);
  });

  it('refuses wrong check digits and impossible dates', () => {
    const cc1985 = Number(BORN_1985.slice(9));
    for (const cc of [0, cc1985 - 1, cc1985 + 1, 99]) expect(isValidNationalNumber(withCheck(BORN_1985, cc))).toBe(false);
    // The 2003 number with the check digits of the pre-2000 rule is a different (1903) person: still valid;
    // with any other check digits it is not a number at all.
    expect(isValidNationalNumber(withCheck(BORN_2003, 97 - (30512124 % 97)))).toBe(true);
    expect(isValidNationalNumber(withCheck(BORN_2003, 30))).toBe(false);
    expect(isValidNationalNumber(nationalNumber({ year: 1985, month: 13, day: 1 }, 3))).toBe(false);
    expect(isValidNationalNumber(nationalNumber({ year: 1985, month: 1, day: 32 }, 3))).toBe(false);
    expect(isValidNationalNumber('8507310032')).toBe(false);
    expect(isValidNationalNumber('850731003281')).toBe(false);
  });

  it('finds them in any usual layout, alone or inside text', () => {
    for (const n of [BORN_1985, BORN_2003]) {
      expect(containsNationalNumber(n)).toBe(true);
      expect(containsNationalNumber(formatted(n))).toBe(true);
      expect(containsNationalNumber(`${n.slice(0, 6)} ${n.slice(6, 9)} ${n.slice(9)}`)).toBe(true);
      expect(containsNationalNumber(`${n.slice(0, 6)}-${n.slice(6, 9)}-${n.slice(9)}`)).toBe(true);
      expect(containsNationalNumber(`${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 9)} ${n.slice(9)}`)).toBe(true);
      expect(containsNationalNumber(`RRN: ${formatted(n)} (checked)`)).toBe(true);
    }
    // Typed into Excel as a number, a 2000s number loses its leading zero.
    expect(containsNationalNumber(BORN_2003.slice(1))).toBe(true);
  });

  it('does not flag ordinary numbers', () => {
    const cc = Number(BORN_1985.slice(9));
    expect(containsNationalNumber(withCheck(BORN_1985, cc + 1))).toBe(false);
    expect(containsNationalNumber(formatted(withCheck(BORN_1985, cc + 1)))).toBe(false);
    expect(containsNationalNumber(formatted(withCheck(BORN_2003, 30)))).toBe(false);
    for (const text of ['12', '1 976', '12,0', '2025-Q3', '5415', '1234567', '12345678901', '2025-09-30T00:00:00.000Z', `1${BORN_1985}`]) {
      expect(containsNationalNumber(text)).toBe(false);
    }
  });
});

describe('e-mail addresses and phone numbers', () => {
  it('finds e-mail addresses', () => {
    for (const text of ['jan.peeters@politie.be', 'Contact: marie-claire.dubois@police.belgium.eu.', 'élodie_83@gmail.com']) {
      expect(containsEmail(text)).toBe(true);
    }
    for (const text of ['be_be', '@home', 'a@b', 'not_declared', 'new_recruit']) expect(containsEmail(text)).toBe(false);
  });

  it('finds Belgian and international phone numbers with spaces, dots and slashes', () => {
    const phones = [
      '0471 12 34 56',
      '0471/12.34.56',
      '0471123456',
      '0471 123 456',
      '02 123 45 67',
      '02/123.45.67',
      '050 12 34 56',
      '09.123.45.67',
      '+32 471 12 34 56',
      '+32 (0)2 123 45 67',
      '+32471123456',
      '0032 471 12 34 56',
      '0032/2.123.45.67',
      '+31 6 12345678',
      'gsm: 0499-12-34-56',
    ];
    for (const p of phones) expect([p, containsPhoneNumber(p)]).toEqual([p, true]);
  });

  it('does not take counts, dates or codes for phone numbers', () => {
    const notPhones = ['12', '0', '1 976', '12,0', '2025-Q3', '01/02/2025', '31.12.2024', '2024-01-15', '01-01-2000 1', '5415', '30_39', '2025-09-30T00:00:00.000Z', '123456789'];
    for (const t of notPhones) expect([t, containsPhoneNumber(t)]).toEqual([t, false]);
  });

  it('names the most specific kind: a national number is not also a phone number', () => {
    expect(detectPersonalValue(formatted(BORN_2003))).toEqual(['national_number']);
    expect(detectPersonalValue(BORN_1985)).toEqual(['national_number']);
    expect(detectPersonalValue('jan@politie.be, 0471 12 34 56')).toEqual(['email', 'phone']);
    expect(detectPersonalValue('female')).toEqual([]);
  });
});

describe('column headings', () => {
  it('recognises names in English, Dutch and French', () => {
    for (const h of ['name', 'Naam', 'nom', 'first_name', 'First name', 'voornaam', 'Prénom', 'last_name', 'achternaam', 'surname', 'full_name', 'Nom de famille', 'familienaam', 'naam_medewerker', 'LastName']) {
      expect([h, classifyHeading(h)]).toEqual([h, 'name']);
    }
  });

  it('recognises national register numbers', () => {
    for (const h of ['rijksregisternummer', 'Rijksregister nr', 'INSZ', 'niss', 'national_number', 'National register number', 'NRN', 'numéro de registre national', 'RR-nummer', 'SSIN']) {
      expect([h, classifyHeading(h)]).toEqual([h, 'national_number']);
    }
  });

  it('recognises staff numbers and other identifiers', () => {
    for (const h of ['staff_number', 'personeelsnummer', 'matricule', 'employee_id', 'id', 'ID', 'badge', 'Badge nr', 'stamnummer', 'numéro de matricule', 'person_id', 'username', 'agent_number']) {
      expect([h, classifyHeading(h)]).toEqual([h, 'identifier']);
    }
  });

  it('recognises contact details, dates of birth and free text', () => {
    for (const h of ['email', 'E-mail', 'courriel', 'telefoon', 'GSM', 'phone_number', 'adres']) expect([h, classifyHeading(h)]).toEqual([h, 'contact']);
    for (const h of ['geboortedatum', 'date de naissance', 'date_of_birth', 'DOB']) expect([h, classifyHeading(h)]).toEqual([h, 'birth_date']);
    for (const h of ['comment', 'Opmerking', 'opmerkingen', 'remarque', 'note', 'notes', 'description', 'toelichting', 'commentaire']) {
      expect([h, classifyHeading(h)]).toEqual([h, 'free_text']);
    }
  });

  it('leaves alone every template column of every profile, and names of things that are not people', () => {
    for (const profile of BUILT_IN_PROFILES) {
      const cols = [cellColumns(profile), personColumns(profile)].flatMap((c) => [...c.required, ...c.optional]);
      for (const c of cols) expect([profile.code, c, classifyHeading(c)]).toEqual([profile.code, c, null]);
    }
    for (const h of ['zone_name', 'category_name', 'zone_id', 'category_id', 'file name', 'row_number', 'nr', 'number', 'total', 'extra', '']) {
      expect([h, classifyHeading(h)]).toEqual([h, null]);
    }
  });

  it('letters columns as a spreadsheet does', () => {
    expect([1, 7, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'G', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('files with personal data', () => {
  const csv = (lines: string[]) => parseCsv(Buffer.from(lines.join('\n')));

  it('refuses a name column with its own code and a clear message, instead of unknown_column', () => {
    const out = validateCellRows(csv(['naam,measure,detail,category,gender,origin,count', 'Jan Peeters,headcount,,basic,male,be_be,12']), ctx);
    expect(where(out.errors)).toEqual([[1, 'naam', 'personal_data_column']]);
    expect(out.errors[0]!.message).toBe('The column "naam" holds names. Returns must be anonymous: remove the column and upload again.');
    expect(out.cells).toEqual([]);
    expect(JSON.stringify(out)).not.toContain('Peeters');
  });

  it('flags a national register number in any cell, says where, and never quotes it', () => {
    const out = validateCellRows(
      csv([
        'measure,detail,category,gender,origin,count',
        'headcount,,basic,male,be_be,12',
        `headcount,,basic,female,${formatted(BORN_1985)},3`,
        `headcount,,middle,female,be_be,${BORN_2003}`,
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([
      [3, 'origin', 'personal_data_value'],
      [4, 'count', 'personal_data_value'],
    ]);
    expect(out.errors[0]!.message).toBe(
      'Row 3, column "origin" holds what looks like a national register number (rijksregisternummer / numéro de registre national). Returns must be anonymous: remove it and upload again.',
    );
    expect(out.errors.every((e) => e.value === undefined)).toBe(true);
    expect(out.cells).toEqual([]);
    const text = JSON.stringify(out);
    expect(text).not.toContain(BORN_1985.slice(0, 6));
    expect(text).not.toContain('850731');
    expect(text).not.toContain(BORN_2003);
  });

  it('does not flag a number whose check digits are wrong', () => {
    const wrong = formatted(withCheck(BORN_1985, Number(BORN_1985.slice(9)) + 1));
    const out = validateCellRows(csv(['measure,detail,category,gender,origin,count', `headcount,,basic,female,${wrong},3`]), ctx);
    expect(where(out.errors)).toEqual([[2, 'origin', 'unknown_code']]);
  });

  it('keeps other problems, drops those that would quote the personal value, and reports every problem at once', () => {
    const out = validateCellRows(
      csv([
        'measure,detail,category,gender,origin,count,opmerking,extra',
        'headcount,,basic,femal,be_be,12,ok,',
        'headcount,,basic,male,jan.peeters@politie.be,3,,',
        'headcount,,middle,male,be_be,2,,bel 0471 12 34 56',
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([
      [1, 'opmerking', 'personal_data_column'],
      [1, 'extra', 'unknown_column'],
      [2, 'gender', 'unknown_code'],
      [3, 'origin', 'personal_data_value'],
      [4, 'extra', 'personal_data_value'],
    ]);
    expect(out.errors[3]!.message).toMatch(/^Row 3, column "origin" holds what looks like an e-mail address\./);
    expect(out.errors[4]!.message).toMatch(/^Row 4, column "extra" holds what looks like a phone number\./);
    expect(JSON.stringify(out.errors)).not.toMatch(/peeters|0471/);
  });

  it('checks headings and cells beyond the last heading too', () => {
    const out = validateCellRows(
      csv(['measure,detail,category,gender,origin,count,jan@politie.be', 'headcount,,basic,male,be_be,12,,0032 471 12 34 56']),
      ctx,
    );
    expect(where(out.errors)).toEqual([
      [1, null, 'personal_data_value'],
      [2, null, 'personal_data_value'],
    ]);
    expect(out.errors[0]!.message).toMatch(/^The heading of column G holds what looks like an e-mail address/);
    expect(out.errors[1]!.message).toMatch(/^Row 2, column H \(which has no heading\) holds what looks like a phone number/);
    expect(JSON.stringify(out.errors)).not.toMatch(/jan|0471/);
  });

  it('refuses a per-person extract with an e-mail or a staff number', () => {
    const out = aggregatePersonRows(
      csv([
        'personeelsnummer,category,gender,origin,in_service_at_end,joined,promoted,left_reason',
        'P-1234,basic,female,be_non_eu,yes,new_recruit,no,',
        'P-1235,basic,marie@example.org,be_be,yes,,no,',
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([
      [1, 'personeelsnummer', 'personal_data_column'],
      [3, 'gender', 'personal_data_value'],
    ]);
    expect(out.errors[0]!.message).toMatch(/holds staff numbers or other personal identifiers/);
    expect(out.cells).toEqual([]);
  });

  it('checks every field of JSON cells, including field names and classes', () => {
    const { table, errors } = jsonCellsToTable([
      { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 4 },
      { measure: 'hires', detail: '0471/12.34.56', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 1 },
      { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 2, naam: 'Jan' },
      { measure: 'headcount', detail: '', category: 'middle', classes: { gender: 'male', origin: 'be_be' }, count: Number(BORN_1985) },
      { measure: 'headcount', detail: '', category: 'middle', classes: 'marie@example.org', count: 1 },
      'jan@example.org',
    ]);
    const out = validateCellRows(table, ctx, { checkHeader: false });
    expect(where([...errors, ...out.errors].filter((e) => e.code.startsWith('personal_data')))).toEqual([
      [6, null, 'personal_data_value'],
      [2, 'detail', 'personal_data_value'],
      [3, 'naam', 'personal_data_column'],
      [4, 'count', 'personal_data_value'],
      [5, 'classes', 'personal_data_value'],
    ]);
    expect(out.errors.find((e) => e.row === 2)!.message).toBe(
      'Cell 2, field "detail" holds what looks like a phone number. Returns must be anonymous: remove it and send the return again.',
    );
    expect(out.errors.find((e) => e.row === 3)!.message).toMatch(/^The field "naam" \(cell 3\) holds names\./);
    expect(out.cells).toEqual([]);
    expect(JSON.stringify([errors, out])).not.toMatch(/0471|850731|marie|jan@/);
  });

  it('leaves a clean file exactly as before', () => {
    const table = csv(['measure,detail,category,gender,origin,count', 'headcount,,basic,male,be_be,12', 'hires,new_recruit,basic,male,be_be,2']);
    const scan = scanTable(table, { allowed: new Set(['measure', 'detail', 'category', 'gender', 'origin', 'count']) });
    expect(scan.problems).toEqual([]);
    const out = validateCellRows(table, ctx);
    expect(applyScan(out, scan)).toBe(out);
    expect(out.errors).toEqual([]);
    expect(out.cells).toHaveLength(2);
  });

  it('is fast enough for a large extract', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i % 2 ? 'basic' : 'middle'},female,be_be,yes,,no,`);
    const table: RawTable = parseCsv(Buffer.from(['category,gender,origin,in_service_at_end,joined,promoted,left_reason', ...rows].join('\n')));
    const started = Date.now();
    const out = aggregatePersonRows(table, ctx);
    expect(out.errors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('long values', () => {
  it('scans a very long value in linear time', () => {
    const started = Date.now();
    for (const text of ['a'.repeat(200_000), 'a'.repeat(100_000) + '@' + 'b'.repeat(100_000), '@a.1'.repeat(50_000), '0 '.repeat(100_000), '1.'.repeat(100_000)]) {
      expect(detectPersonalValue(text)).toEqual([]);
    }
    expect(detectPersonalValue('x'.repeat(100_000) + ' jan@politie.be')).toEqual(['email']);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
