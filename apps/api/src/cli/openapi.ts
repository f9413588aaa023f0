/**
 * Writes the API's OpenAPI document (JSON) to the path given, or to stdout, without a database: the input of the
 * Redocly lint in `pnpm lint`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApiDocumentOffline } from '../openapi/openapi-document';

async function main(): Promise<void> {
  const doc = JSON.stringify(await openApiDocumentOffline(), null, 2);
  const out = process.argv[2];
  if (!out) {
    process.stdout.write(`${doc}\n`);
    return;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${doc}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
