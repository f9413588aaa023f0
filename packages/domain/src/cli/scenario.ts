/**
 * `pnpm -s scenario path/to/file.json`: evaluates an example `{input, expected}` or a bare input.
 * stdout carries exactly one JSON object: the output (exit 0) or `{error, message}` (exit 1).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError, evaluate } from '../index';

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function fail(code: string, message: string, exitCode = 1): void {
  print({ error: code, message });
  process.exitCode = exitCode;
}

function isExample(value: unknown): value is { input: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'input' in value && !('kind' in value);
}

function main(argv: string[]): void {
  const file = argv[2];
  if (!file) return fail('INVALID_INPUT', 'usage: pnpm -s scenario path/to/scenario.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(process.cwd(), file), 'utf8'));
  } catch (error) {
    return fail('INVALID_INPUT', `cannot read JSON from ${file}: ${(error as Error).message}`);
  }
  try {
    print(evaluate(isExample(parsed) ? parsed.input : parsed));
  } catch (error) {
    if (error instanceof EngineError) return fail(error.code, error.message);
    // Not an input error: an engine defect. Still one JSON object on stdout, with a distinct exit code.
    return fail('INVALID_INPUT', `engine failure: ${(error as Error).message}`, 2);
  }
}

main(process.argv);
