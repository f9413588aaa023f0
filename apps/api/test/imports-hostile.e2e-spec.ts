import { IMPORT_COLUMNS } from '@pumpwatch/contracts';
import { baseRow, csvOf, storedCounts, uploader, xlsxOf, zipOf } from './support/import-files';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

// Hostile files: each is refused with a clear 4xx and a machine-readable code, and nothing is stored, whether
// the request asked for a commit or not.
let t: TestApp;
let u: TestUsers;
let upload: ReturnType<typeof uploader>;
let empty: Record<string, number>;

useTestApp({ drugLibrary: true }, async (app) => {
  ({ t, u } = app);
  upload = uploader(t, u);
  empty = await storedCounts(t);
});
afterEach(async () => expect(await storedCounts(t)).toEqual(empty));

const header = IMPORT_COLUMNS.join(',');

describe('hostile import files', () => {
  it('unbalanced quotes → 422 IMPORT_UNREADABLE with the line where the quote opened', async () => {
    const good = csvOf([baseRow(), baseRow()]).toString();
    const broken = `${good}${baseRow().mrn},"Broken,Row\r\n${csvOf([baseRow()]).toString().split('\r\n')[1]}\r\n`;
    const res = await upload(Buffer.from(broken), '').expect(422);
    expect(res.body).toMatchObject({ code: 'IMPORT_UNREADABLE', details: { line: 4 } });
    const stray = `${header}\r\nMRN-1,O"Brien,Ann\r\n`;
    expect((await upload(Buffer.from(stray), '').expect(422)).body).toMatchObject({
      code: 'IMPORT_UNREADABLE',
      details: { line: 2 },
    });
  });

  it('a 50 MB file → 413 IMPORT_TOO_LARGE before anything is parsed', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'a');
    const res = await upload(big, '');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('IMPORT_TOO_LARGE');
  });

  it('an XLSX zip bomb → 413 IMPORT_TOO_LARGE from the declared sizes, and from sizes that lie', async () => {
    const workbook = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
    const declared = zipOf([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('x'), declaredSize: 4e9 }]);
    expect((await upload(declared, '', 'physician', 'bomb.xlsx').expect(413)).body.code).toBe('IMPORT_TOO_LARGE');
    // 64 MB of zeros packed into a few KB while claiming to be 1 KB: zlib's output cap stops it at 1 KB
    const lying = zipOf([
      workbook,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024), declaredSize: 1024 },
    ]);
    expect(lying.length).toBeLessThan(1024 * 1024);
    expect((await upload(lying, '', 'physician', 'bomb.xlsx').expect(413)).body.code).toBe('IMPORT_TOO_LARGE');
  });

  it('formulas in cells → row error FORMULA_NOT_ALLOWED, so a commit is 422 IMPORT_HAS_ERRORS', async () => {
    const csv = csvOf([
      baseRow({ given_name: '=HYPERLINK("http://evil.example","x")' }),
      baseRow({ notes: '@SUM(1+1)' }),
    ]);
    const res = await upload(csv, '').expect(422);
    expect(res.body.code).toBe('IMPORT_HAS_ERRORS');
    expect(res.body.details.errors.map((e: { column: string; code: string }) => [e.column, e.code])).toEqual([
      ['given_name', 'FORMULA_NOT_ALLOWED'],
      ['notes', 'FORMULA_NOT_ALLOWED'],
    ]);
    // an XLSX formula without a saved value is never evaluated
    const xlsx = await xlsxOf([baseRow()], (c, v) => (c === 'daily_dose_mcg' ? { formula: 'A1*2' } : v) as never);
    const x = await upload(xlsx, '', 'physician', 'f.xlsx').expect(422);
    expect(x.body.details.errors).toEqual([
      expect.objectContaining({ column: 'daily_dose_mcg', code: 'FORMULA_NOT_ALLOWED' }),
    ]);
  });

  it('a binary file → 415 IMPORT_UNSUPPORTED_FILE (also invalid UTF-8 and a zip that is no workbook)', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a4944415478',
      'hex',
    );
    expect((await upload(png, '', 'physician', 'clinic.csv').expect(415)).body.code).toBe('IMPORT_UNSUPPORTED_FILE');
    const latin1 = Buffer.concat([Buffer.from(`${header}\r\n`), Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])]);
    expect((await upload(latin1, '').expect(415)).body.code).toBe('IMPORT_UNSUPPORTED_FILE');
    const zip = zipOf([{ name: 'readme.txt', data: Buffer.from('hello') }]);
    expect((await upload(zip, '', 'physician', 'x.xlsx').expect(415)).body.code).toBe('IMPORT_UNSUPPORTED_FILE');
  });

  it('20,001 data rows → 413 IMPORT_TOO_LARGE (blank rows not counted)', async () => {
    const line = csvOf([baseRow()]).toString().split('\r\n')[1];
    const rows = Array.from({ length: 20_001 }, () => line).join('\r\n');
    const res = await upload(Buffer.from(`${header}\r\n${rows}\r\n`), '');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', details: { maxRows: 20000 } });
    // 20,000 rows and some blank ones are not too many: the rows are read (and then all duplicates)
    const ok = Array.from({ length: 20_000 }, () => line).join('\r\n');
    const fine = await upload(Buffer.from(`${header}\r\n${ok}\r\n\r\n,,\r\n`), 'dryRun=true');
    expect(fine.status).toBe(200);
    expect(fine.body.rows).toBe(20_000);
  }, 60_000);

  it('a byte-order mark in the middle → 422 IMPORT_UNREADABLE naming the line; one at the start is fine', async () => {
    const first = csvOf([baseRow()]);
    const second = csvOf([baseRow()]);
    const joined = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), first, Buffer.from([0xef, 0xbb, 0xbf]), second]);
    expect((await upload(joined, '').expect(422)).body).toMatchObject({
      code: 'IMPORT_UNREADABLE',
      details: { line: 3 },
    });
    const bomFirst = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csvOf([baseRow()])]);
    expect((await upload(bomFirst, 'dryRun=true').expect(200)).body).toMatchObject({ rows: 1, valid: 1 });
  });

  it('duplicate headers → 422 IMPORT_DUPLICATE_COLUMNS naming them; missing ones → 422 IMPORT_MISSING_COLUMNS', async () => {
    const row = baseRow();
    const dup = csvOf([row], ',', [...IMPORT_COLUMNS, 'MRN']);
    expect((await upload(dup, '').expect(422)).body).toMatchObject({
      code: 'IMPORT_DUPLICATE_COLUMNS',
      details: { columns: ['mrn'] },
    });
    const missing = csvOf(
      [row],
      ',',
      IMPORT_COLUMNS.filter((c) => c !== 'pump_serial' && c !== 'daily_dose_mcg'),
    );
    expect((await upload(missing, '').expect(422)).body).toMatchObject({
      code: 'IMPORT_MISSING_COLUMNS',
      details: { columns: ['pump_serial', 'daily_dose_mcg'] },
    });
  });

  it('no file, or an empty one → 400 / 422, nothing stored', async () => {
    const none = await t.http.post('/api/imports').set(u.auth('physician')).field('x', '1').expect(400);
    expect(none.body.code).toBe('VALIDATION_FAILED');
    expect((await upload(Buffer.from('\r\n\r\n'), '').expect(422)).body.code).toBe('IMPORT_UNREADABLE');
  });
});
