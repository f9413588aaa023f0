import { inflateRawSync } from 'node:zlib';
import { DomainError } from '../../common/errors/domain-error';

/** Everything an XLSX may unpack to: a 20,000-row sheet is a few tens of MB of XML; more is a zip bomb. */
export const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
const MAX_ENTRIES = 2000;

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export const isZip = (buf: Buffer): boolean => buf.length >= 4 && buf.readUInt32LE(0) === LOCAL_SIG;

interface Entry {
  name: string;
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  localOffset: number;
}

const unsupported = (why: string) =>
  new DomainError('IMPORT_UNSUPPORTED_FILE', `This zip file is not a readable XLSX workbook (${why})`);

const tooLarge = (bytes: number) =>
  new DomainError(
    'IMPORT_TOO_LARGE',
    `The workbook unpacks to more than ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB: split the file or save it again`,
    { uncompressedBytes: bytes, maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES },
  );

function centralDirectory(buf: Buffer): Entry[] {
  // the end-of-central-directory record sits in the last 22 bytes + at most a 64 KiB comment
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unsupported('no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw unsupported('zip64 is not used by workbooks this small');
  if (count > MAX_ENTRIES) throw unsupported(`${count} entries`);
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) throw unsupported('damaged zip directory');
    const nameLength = buf.readUInt16LE(p + 28);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressedBytes: buf.readUInt32LE(p + 20),
      uncompressedBytes: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * Refuses a zip bomb before any XML parser sees the file: the sizes the directory declares must stay under
 * MAX_UNCOMPRESSED_BYTES together, and each entry really inflates to no more than it declares (a lying size
 * is stopped by zlib's output cap, never by running out of memory). Also checks it is a workbook at all.
 */
export function assertSafeWorkbookZip(buf: Buffer): void {
  const entries = centralDirectory(buf);
  const declared = entries.reduce((sum, e) => sum + e.uncompressedBytes, 0);
  if (declared > MAX_UNCOMPRESSED_BYTES) throw tooLarge(declared);
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw unsupported('no workbook inside');
  for (const e of entries) {
    if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== LOCAL_SIG) {
      throw unsupported('damaged zip entry');
    }
    const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
    const data = buf.subarray(start, start + e.compressedBytes);
    if (e.method === 0) {
      if (data.length !== e.uncompressedBytes) throw unsupported('damaged stored entry');
      continue;
    }
    if (e.method !== 8) throw unsupported(`compression method ${e.method}`);
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedBytes) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw tooLarge(declared);
      }
      throw unsupported('damaged compressed entry');
    }
    if (out.length !== e.uncompressedBytes) throw unsupported('entry size mismatch');
  }
}
