import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** `NAME` of every `# NAME=…` / `NAME=…` line of .env.example. */
const exampleVariables = (): Set<string> =>
  new Set([...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

/** Variables of the markdown table under `heading` (first column, in backticks). */
function tableVariables(file: string, heading: string): string[] {
  const text = read(file);
  const start = text.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const section = text.slice(start + heading.length + 2).split(/\n#+ /)[0];
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1]);
}

/** Every environment variable the API's source reads (`env.NAME`, or a name handed to the config reader). */
function variablesReadBySource(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]{2,})\b/g)) names.add(m[1]);
        for (const m of text.matchAll(/\bread\.\w+\(\s*'([A-Z][A-Z0-9_]{2,})'/g)) names.add(m[1]);
      }
    }
  };
  walk(path.join(ROOT, 'apps/api/src'));
  return [...names].sort();
}

describe('.env.example', () => {
  it('lists every variable the README configuration table documents', () => {
    const documented = tableVariables('README.md', '## Configuration');
    expect(documented.length).toBeGreaterThan(20);
    const listed = exampleVariables();
    expect(documented.filter((v) => !listed.has(v))).toEqual([]);
  });

  it('lists every variable of the deployment guide', () => {
    const listed = exampleVariables();
    expect(tableVariables('docs/DEPLOYMENT.md', '## Variables').filter((v) => !listed.has(v))).toEqual([]);
  });

  it('lists every variable the API reads', () => {
    const used = variablesReadBySource();
    expect(used).toEqual(expect.arrayContaining(['PORT', 'PUMPWATCH_FULL_EVALUATION_MINUTES', 'JWT_SECRET']));
    const listed = exampleVariables();
    expect(used.filter((v) => !listed.has(v))).toEqual([]);
  });
});
