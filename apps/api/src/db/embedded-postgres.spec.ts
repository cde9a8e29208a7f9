import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertTraversable, EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres.js';

describe('startEmbeddedPostgres', () => {
  it('refuses a data folder another live process is using, instead of stopping its database', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'equity-owner-'));
    chmodSync(parent, 0o755);
    const dir = path.join(parent, 'pg');
    writeFileSync(`${dir}.owner`, String(process.ppid));
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(EmbeddedPostgresError);
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(new RegExp(`process ${process.ppid}\\) is already using`));
  });

  it('as root, fails fast with a message when a parent folder is closed to the postgres user', () => {
    const closed = mkdtempSync(path.join(os.tmpdir(), 'equity-closed-')); // mode 700
    expect(() => assertTraversable(path.join(closed, 'pg'), 0)).toThrow(/cannot enter .*equity-closed-.*\(mode 700\).*Set DATA_DIR/);
    chmodSync(closed, 0o755);
    expect(() => assertTraversable(path.join(closed, 'pg'), 0)).not.toThrow();
    chmodSync(closed, 0o700);
    expect(() => assertTraversable(path.join(closed, 'pg'), 1000)).not.toThrow();
  });
});
