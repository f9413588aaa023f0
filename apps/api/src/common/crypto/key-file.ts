import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A 32-byte key kept outside the database: from the environment variable when set (any string, hashed to 32 bytes),
 * else from `<dataDir>/<fileName>`, created on first start with mode 0600 (readable by the service account only).
 * A database dump or a database login alone therefore never holds it.
 */
export function resolveKey(envValue: string | undefined, dataDir: string, fileName: string): Buffer {
  if (envValue) return createHash('sha256').update(envValue).digest();
  const file = path.join(dataDir, fileName);
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  } catch {
    const key = randomBytes(32);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, key.toString('base64url'), { mode: 0o600 });
    return key;
  }
}
