/**
 * Guard against personal data in returns. A return holds counts, never persons: a file or a JSON
 * submission that carries names, national register numbers, staff numbers, e-mail addresses,
 * phone numbers, dates of birth or free text is refused as a whole, with one problem per column
 * or cell that says *what kind* of personal data it holds, never the personal value itself.
 *
 * Pure functions: no database, no logging (so the values checked here leave no trace anywhere).
 */
import type { Problem } from '@equity/shared';
import type { RawRow, RawTable, ValidationOutcome } from './return-validator.js';

/** What a column heading (or a JSON field name) says its column holds. */
export type PersonalColumnKind = 'name' | 'national_number' | 'identifier' | 'contact' | 'birth_date' | 'free_text';

/** What a single value looks like. */
export type PersonalValueKind = 'national_number' | 'email' | 'phone';

export const PERSONAL_DATA_COLUMN = 'personal_data_column' as const;
export const PERSONAL_DATA_VALUE = 'personal_data_value' as const;

// ---------------------------------------------------------------------------------------------
// Belgian national register numbers (rijksregisternummer / numéro de registre national, also the
// BIS number of people not in the register): YYMMDD XXX CC, 11 digits, often written
// YY.MM.DD-XXX.CC. CC = 97 − (YYMMDDXXX mod 97), or for people born in 2000 or later
// 97 − (2YYMMDDXXX mod 97). BIS numbers add 20 or 40 to the month; month and day may be 00 when
// the birth date is unknown.
// ---------------------------------------------------------------------------------------------

/** True when 11 digits are a well-formed national register (or BIS) number: plausible date, right check digits. */
export function isValidNationalNumber(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const monthOk = month <= 12 || (month >= 20 && month <= 32) || (month >= 40 && month <= 52);
  if (!monthOk || day > 31) return false;
  const base = Number(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  return 97 - (base % 97) === check || 97 - ((2_000_000_000 + base) % 97) === check;
}

const SEP = '[\\s./_-]';
/** The usual layouts: 85.07.31-003.43, 850731 003 43, 850731-003-43, 85073100343. */
const NRN_LAYOUT = new RegExp(`(?<!\\d)\\d{2}${SEP}?\\d{2}${SEP}?\\d{2}${SEP}?\\d{3}${SEP}?\\d{2}(?!\\d)`, 'g');
/** Any run of digits with single separators between them (catches odd groupings such as 850 731 003 43). */
const DIGIT_RUN = new RegExp(`\\d(?:${SEP}?\\d)*`, 'g');

/** Spans of `text` holding a valid national register number. */
function nationalNumberSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(NRN_LAYOUT)) {
    if (isValidNationalNumber(m[0].replace(/\D/g, ''))) spans.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length === 11 && isValidNationalNumber(digits)) spans.push([m.index, m.index + m[0].length]);
  }
  // A number typed into a spreadsheet as a number loses its leading zeros (people born 2000–2009).
  const whole = text.trim();
  if (/^[1-9]\d{9}$/.test(whole) && isValidNationalNumber(`0${whole}`)) spans.push([0, text.length]);
  if (/^[1-9]\d{8}$/.test(whole) && isValidNationalNumber(`00${whole}`)) spans.push([0, text.length]);
  return spans;
}

/** True when the text holds a national register number (with valid check digits) anywhere. */
export function containsNationalNumber(text: string): boolean {
  return nationalNumberSpans(text).length > 0;
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses and phone numbers
// ---------------------------------------------------------------------------------------------

/**
 * An address: something@domain.tld. Matched from the "@" (a local part is only looked behind for),
 * so that a long value without an address costs linear time, not quadratic.
 */
const EMAIL = /(?<=[\p{L}\p{N}._%+'-])@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

export function containsEmail(text: string): boolean {
  return text.includes('@') && EMAIL.test(text);
}

const PHONE_PATTERNS: RegExp[] = [
  // International with +: +32 471 12 34 56, +32 (0)2 123 45 67, +31 6 12345678.
  /(?<![\p{L}\p{N}+])\+\s?[1-9]\d{0,2}(?:[\s./-]?\(0\))?(?:[\s./()-]?\d){6,12}(?!\d)/u,
  // International with 00: 0032 471 12 34 56, 0032/2.123.45.67.
  /(?<![\p{L}\p{N}])00\s?[1-9]\d{0,2}(?:[\s./-]?\(0\))?(?:[\s./()-]?\d){6,12}(?!\d)/u,
  // Belgian mobile, 10 digits: 0471 12 34 56, 0471/12.34.56, 0471 123 456, 0471123456.
  /(?<![\p{L}\p{N}])04\d{2}(?:(?:[\s./-]?\d{2}){3}|[\s./-]?\d{3}[\s./-]?\d{3})(?![\s./-]?\d)/u,
  // Belgian landline, 9 digits: 02 123 45 67, 02/123.45.67, 050 12 34 56, 021234567.
  /(?<![\p{L}\p{N}])0[1-9](?:[\s./-]?\d{3}|\d[\s./-]?\d{2})(?:[\s./-]?\d{2}){2}(?![\s./-]?\d)/u,
];

export function containsPhoneNumber(text: string): boolean {
  return PHONE_PATTERNS.some((p) => p.test(text));
}

/** Fast pre-check for codes and counts: every kind of personal value needs an "@" or at least 7 digits. */
export function mayHoldPersonalValue(text: string): boolean {
  if (text.length < 7) return text.includes('@');
  if (text.includes('@')) return true;
  let digits = 0;
  for (let i = 0; i < text.length && digits < 7; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digits++;
  return digits >= 7;
}

/**
 * The kinds of personal data a value looks like, most specific first. A national register number
 * is not also reported as a phone number, nor the digits of an e-mail address.
 */
export function detectPersonalValue(text: string): PersonalValueKind[] {
  if (!mayHoldPersonalValue(text)) return [];
  const kinds: PersonalValueKind[] = [];
  let rest = text;
  const spans = nationalNumberSpans(text);
  if (spans.length) {
    kinds.push('national_number');
    for (const [from, to] of spans) rest = rest.slice(0, from) + ' '.repeat(to - from) + rest.slice(to);
  }
  if (containsEmail(rest)) {
    kinds.push('email');
    rest = rest.replace(new RegExp(EMAIL.source, 'gu'), ' ');
  }
  if (containsPhoneNumber(rest)) kinds.push('phone');
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Column headings (EN / NL / FR, with and without separators: first_name, First name, Voornaam)
// ---------------------------------------------------------------------------------------------

/** `Prénom de l'agent` → ['prenom', 'de', 'l', 'agent']. */
function headingTokens(heading: string): string[] {
  return heading
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

const NAME_WORDS = words(`
  name names naam namen nom noms prenom prenoms voornaam voornamen achternaam familienaam surname surnames
  forename forenames firstname firstnames lastname fullname givenname familyname middlename maidenname
  roepnaam meisjesnaam vorname nachname displayname nomdefamille nomcomplet volledigenaam naamvoornaam nomprenom
  employeename staffname agentname personname`);
const NATIONAL_NUMBER_WORDS = words(`
  rijksregisternummer rijksregisternr rijksregister rrnummer rrnr rrn insz inss niss nrn ssin ssn nn
  bisnummer bisnr nationaalnummer nationalnumber nationalregisternumber nationalregister nationalid nationalidnumber
  registrenational numeronational numeroderegistrenational socialsecuritynumber socialsecurity securitesociale
  numerodesecuritesociale identiteitskaart identiteitskaartnummer eid`);
const IDENTIFIER_WORDS = words(`
  id ids uid guid uuid matricule matricules matr badge badges badgenummer badgenr badgenumber personeelsnummer
  personeelsnr personeelsid stamnummer stamnr employeeid employeenumber employeeno employeenr staffid staffnumber
  staffno staffnr empid empno empnr personnelnumber personnelid payrollnumber payrollid loonnummer personid
  persoonsid persoonid personneid userid username login gebruikersnaam gebruikersid identifiant identificatienummer
  idnummer idnr idnumber passport paspoort passeport`);
const CONTACT_WORDS = words(`
  email emails mail mails courriel emailadres emailaddress mailadres adressemail adresseemail phone phones
  telephone telefoon telefoonnummer tel gsm gsmnummer mobile mobiel portable fax phonenumber mobilephone
  numerodetelephone address adres adresse addresses street straat rue huisnummer domicile woonplaats`);
const BIRTH_WORDS = words(`
  birth birthdate birthday dob dateofbirth geboorte geboortedatum geboortedag geboortejaar geboorteplaats
  naissance datedenaissance datenaissance lieudenaissance placeofbirth`);
const FREE_TEXT_WORDS = words(`
  comment comments commentaar commentaren commentaire commentaires opmerking opmerkingen remarque remarques remark
  remarks note notes notitie notities nota description descriptions omschrijving beschrijving toelichting observation
  observations memo explanation uitleg motivation motivatie justification info information informatie text tekst
  texte freetext vrijetekst feedback`);
/** Words that make a "name" or an "id" column about something other than a person (zone_name, category_id). */
const NOT_A_PERSON = words(`
  zone zones file bestand fichier sheet blad feuille category categorie categories cadre rank grade graad unit
  eenheid unite service dienst department afdeling departement team function functie fonction station commissariat
  profile profiel measure dimension group groep groupe label commune gemeente municipality city stad ville police
  politie corps district region company organisation organization row rij lijn ligne line record cell return
  revision period quarter kwartaal trimestre`);
const PERSON_WORDS = words(`
  staff employee emp personnel personeel personeels person persoon persoons personne member medewerker werknemer
  membre collaborateur agent officer user gebruiker utilisateur payroll loon matricule stam badge identity identiteit
  identite card kaart carte`);
const ID_WORDS = words('id nr no num number nummer numero code key ref reference identifier');

/**
 * What a column heading says its column holds, or null for any other heading. Headings of the
 * template never match (a test checks every profile's columns).
 */
export function classifyHeading(heading: string): PersonalColumnKind | null {
  const tokens = headingTokens(heading);
  if (tokens.length === 0) return null;
  const joined = tokens.join('');
  const has = (set: Set<string>) => set.has(joined) || tokens.some((t) => set.has(t));
  const aboutSomethingElse = tokens.some((t) => NOT_A_PERSON.has(t));

  if (
    has(NATIONAL_NUMBER_WORDS) ||
    /rijksregister|registrenational|nationalregister|socialsecurity|securitesociale/.test(joined) ||
    (tokens.includes('national') && tokens.some((t) => ['number', 'nr', 'no', 'id', 'nummer', 'numero', 'register', 'registre'].includes(t))) ||
    (tokens.includes('rr') && tokens.some((t) => ['nummer', 'nr', 'number', 'no'].includes(t)))
  ) {
    return 'national_number';
  }
  if (has(CONTACT_WORDS)) return 'contact';
  if (has(BIRTH_WORDS)) return 'birth_date';
  if (!aboutSomethingElse) {
    if (has(NAME_WORDS)) return 'name';
    if (has(IDENTIFIER_WORDS)) return 'identifier';
    if (tokens.some((t) => PERSON_WORDS.has(t)) && tokens.some((t) => ID_WORDS.has(t))) return 'identifier';
  }
  if (has(FREE_TEXT_WORDS)) return 'free_text';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Messages: what kind of data, never the data
// ---------------------------------------------------------------------------------------------

const COLUMN_HOLDS: Record<PersonalColumnKind, string> = {
  name: 'holds names',
  national_number: 'holds national register numbers (rijksregisternummer / numéro de registre national)',
  identifier: 'holds staff numbers or other personal identifiers',
  contact: 'holds contact details (e-mail addresses, phone numbers or addresses)',
  birth_date: 'holds dates of birth',
  free_text: 'is free text (comments or notes), which can name or describe a person',
};

const VALUE_NAMES: Record<PersonalValueKind, string> = {
  national_number: 'a national register number (rijksregisternummer / numéro de registre national)',
  email: 'an e-mail address',
  phone: 'a phone number',
};

function looksLike(kinds: PersonalValueKind[]): string {
  return kinds.map((k) => VALUE_NAMES[k]).join(' and ');
}

/** Spreadsheet letter of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Scanning a table (file rows, or JSON cells turned into rows)
// ---------------------------------------------------------------------------------------------

export interface ScanOptions {
  /** The template's columns: never classified as personal. */
  allowed: ReadonlySet<string>;
  /** JSON cells: rows are cells, "columns" are the fields of each cell (no header row). */
  json?: boolean;
}

export interface PiiScan {
  problems: Problem[];
  /** Column names whose every problem is replaced by the personal-data problem. */
  columns: Set<string>;
  /** `row|column` of cells whose every problem is replaced by the personal-data problem. */
  cells: Set<string>;
}

const cellId = (row: number | null, column: string | null) => `${row ?? ''}|${column ?? '\u0000'}`;

/**
 * Finds personal data in a table: headings that mean names, identifiers, contact details, dates
 * of birth or free text, and any value (including headings and cells beyond the last heading)
 * that looks like a national register number, an e-mail address or a phone number.
 */
export function scanTable(table: RawTable, opts: ScanOptions): PiiScan {
  const scanner = tableScanner(table.columns, opts);
  for (const row of table.rows) scanner.add(row, Number.MAX_SAFE_INTEGER);
  return scanner.scan();
}

/**
 * scanTable one row at a time (uploads are read as streams): the headings when created, then each
 * row as it passes. `keep` bounds the problems held; the others are counted in `dropped`.
 */
export function tableScanner(columns: string[], opts: ScanOptions): { add(row: RawRow, keep: number): void; scan(): PiiScan & { dropped: number } } {
  const scan: PiiScan = { problems: [], columns: new Set(), cells: new Set() };
  const again = opts.json ? 'send the return again' : 'upload again';
  const table: RawTable = { columns, rows: [] };
  let dropped = 0;

  if (!opts.json) {
    const seen = new Set<string>();
    columns.forEach((column, i) => {
      if (column === '' || seen.has(column)) return;
      seen.add(column);
      const valueKinds = detectPersonalValue(column.replace(/_/g, ' '));
      if (valueKinds.length) {
        scan.columns.add(column);
        scan.problems.push({
          row: 1,
          column: null,
          code: PERSONAL_DATA_VALUE,
          params: { kinds: valueKinds.join(','), place: 'heading', columnLetter: columnLetter(i + 1) },
          message: `The heading of column ${columnLetter(i + 1)} holds what looks like ${looksLike(valueKinds)}. Returns must be anonymous: remove it and ${again}.`,
        });
        return;
      }
      if (opts.allowed.has(column)) return;
      const kind = classifyHeading(column);
      if (kind) {
        scan.columns.add(column);
        scan.problems.push({
          row: 1,
          column,
          code: PERSONAL_DATA_COLUMN,
          params: { kind, place: 'file' },
          message: `The column "${column}" ${COLUMN_HOLDS[kind]}. Returns must be anonymous: remove the column and ${again}.`,
        });
      }
    });
  }

  return {
    add(row, keep) {
      if (scan.problems.length > keep) {
        dropped += scan.problems.length - keep;
        scan.problems.length = keep;
      }
      scanRow(row, table, opts, scan, again);
    },
    scan: () => ({ ...scan, dropped }),
  };
}

function scanRow(row: RawRow, table: RawTable, opts: ScanOptions, scan: PiiScan, again: string): void {
  const where = (column: string | null, index?: number) => {
    if (opts.json) return column === null ? `Cell ${row.row}` : `Cell ${row.row}, field "${column}"`;
    if (column === null || column === '') return `Row ${row.row}, column ${columnLetter(index ?? 0)} (which has no heading)`;
    return `Row ${row.row}, column "${column}"`;
  };
  const flagValue = (column: string | null, text: string, index?: number) => {
    if (!mayHoldPersonalValue(text)) return;
    if (column !== null && scan.columns.has(column)) return;
    if (scan.cells.has(cellId(row.row, column))) return;
    const kinds = detectPersonalValue(text);
    if (!kinds.length) return;
    scan.cells.add(cellId(row.row, column));
    scan.problems.push({
      row: row.row,
      column: column === '' ? null : column,
      code: PERSONAL_DATA_VALUE,
      params: { kinds: kinds.join(','), place: opts.json ? 'json' : 'file', ...(column === null || column === '' ? { columnLetter: columnLetter(index ?? 0) } : {}) },
      message: `${where(column, index)} holds what looks like ${looksLike(kinds)}. Returns must be anonymous: remove it and ${again}.`,
    });
  };

  if (opts.json) {
    for (const field of Object.keys(row.values)) {
      if (opts.allowed.has(field)) continue;
      const fieldKinds = detectPersonalValue(field);
      if (fieldKinds.length) {
        scan.cells.add(cellId(row.row, field));
        scan.problems.push({
          row: row.row,
          column: null,
          code: PERSONAL_DATA_VALUE,
          params: { kinds: fieldKinds.join(','), place: 'field_name' },
          message: `Cell ${row.row} has a field whose name looks like ${looksLike(fieldKinds)}. Returns must be anonymous: remove it and ${again}.`,
        });
        continue;
      }
      if (opts.allowed.has(field)) continue;
      const kind = classifyHeading(field);
      if (kind) {
        scan.cells.add(cellId(row.row, field));
        scan.problems.push({
          row: row.row,
          column: field,
          code: PERSONAL_DATA_COLUMN,
          params: { kind, place: 'json' },
          message: `The field "${field}" (cell ${row.row}) ${COLUMN_HOLDS[kind]}. Returns must be anonymous: remove the field and ${again}.`,
        });
      }
    }
  }
  for (const [column, text] of Object.entries(row.values)) {
    if (text !== '') flagValue(column, text, column === '' ? table.columns.lastIndexOf('') + 1 : undefined);
  }
  for (const h of row.hidden ?? []) flagValue(h.column, h.text, h.index);
}

/** The problem for a JSON value that is not validated (a cell that is not an object), or null. */
export function jsonValueProblem(row: number, column: string | null, text: string): Problem | null {
  const kinds = detectPersonalValue(text);
  if (!kinds.length) return null;
  const where = column === null ? `Cell ${row}` : `Cell ${row}, field "${column}"`;
  return {
    row,
    column,
    code: PERSONAL_DATA_VALUE,
    params: { kinds: kinds.join(','), place: 'json' },
    message: `${where} holds what looks like ${looksLike(kinds)}. Returns must be anonymous: remove it and send the return again.`,
  };
}

/** True for the problems this guard produces. */
export function isPersonalDataProblem(p: Problem): boolean {
  return p.code === PERSONAL_DATA_COLUMN || p.code === PERSONAL_DATA_VALUE;
}

/**
 * Applies a scan to a validation outcome. Without personal data the outcome is returned as is.
 * With personal data: the personal-data problems come first in each row; other problems about
 * the same columns or cells are dropped (they would quote the value back: `"jan@…" is not a known
 * origin`), as is any other problem that would quote something personal; and no cell is kept, so
 * not even a preview shows counts read from such a file.
 */
export function applyScan(outcome: ValidationOutcome, scan: PiiScan): ValidationOutcome {
  if (scan.problems.length === 0) return outcome;
  const kept = outcome.errors.filter(
    (e) =>
      !(e.column !== null && scan.columns.has(e.column)) &&
      !scan.cells.has(cellId(e.row, e.column)) &&
      detectPersonalValue(e.message).length === 0 &&
      (e.value === undefined || detectPersonalValue(e.value).length === 0),
  );
  const errors = [...scan.problems, ...kept].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { ...outcome, cells: [], errors };
}

/** A problem when a free-text field typed with the submission (the reason) holds personal data. */
export function checkFreeTextField(column: string, label: string, text: string): Problem | null {
  const kinds = detectPersonalValue(text);
  if (!kinds.length) return null;
  return {
    row: null,
    column,
    code: PERSONAL_DATA_VALUE,
    params: { kinds: kinds.join(','), place: 'free_text' },
    message: `${label} holds what looks like ${looksLike(kinds)}. It is kept in the history and the audit log: write it without personal details.`,
  };
}
