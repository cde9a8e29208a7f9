import type { AuditEventDto } from '@equity/shared';
import { AUDIT_CSV_HEADER, auditCsvChunks, auditCsvLine } from './audit-csv.js';

const event = (over: Partial<AuditEventDto> = {}): AuditEventDto => ({
  id: 7,
  at: '2026-03-31T22:15:00.000Z',
  actor: 'admin',
  action: 'user.updated',
  zone: null,
  period: null,
  details: { username: 'hr.gent', changed: ['role', 'zones'] },
  ...over,
});

describe('audit CSV', () => {
  it('writes one line per event with details as quoted JSON', () => {
    expect(auditCsvLine(event())).toBe('7,2026-03-31T22:15:00.000Z,admin,user.updated,,,"{""username"":""hr.gent"",""changed"":[""role"",""zones""]}"\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    const line = auditCsvLine(event({ actor: null, zone: '=1+1', details: {} }));
    expect(line).toBe("7,2026-03-31T22:15:00.000Z,,user.updated,'=1+1,,{}\r\n");
  });

  it('streams the header first, then every batch', async () => {
    async function* batches() {
      yield [event({ id: 3 })];
      yield [];
      yield [event({ id: 2 }), event({ id: 1 })];
    }
    const chunks: string[] = [];
    for await (const c of auditCsvChunks(batches())) chunks.push(c);
    const lines = chunks.join('').split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.trim());
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['3', '2', '1']);
  });
});
