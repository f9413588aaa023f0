import { formatConcentration } from '../../../lib/format';

/** "1000 mcg/mL", "2,000 mcg/mL", "0.5 mcg / mL" inside a drug's name. */
const STATED_CONCENTRATION = /(\d[\d,]*(?:\.\d+)?)\s*mcg\s*\/\s*mL/gi;

/**
 * Where a drug's name states the concentration `mcgPerMl` ("Lioresal Intrathecal 1000 mcg/mL"), else null.
 * A name stating another strength does not count: then both are printed and the mismatch shows.
 */
export function statedConcentration(name: string, mcgPerMl: number): { start: number; end: number } | null {
  for (const m of name.matchAll(STATED_CONCENTRATION)) {
    if (Number(m[1]!.replace(/,/g, '')) === mcgPerMl) return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/**
 * The drug on a printout with its concentration in bold, said once: library names often carry the strength
 * already, and "500 mcg/mL, 500 mcg/mL" makes a reader wonder whether two strengths are meant.
 */
export function DrugWithConcentration({
  name,
  mcgPerMl,
  testId,
}: {
  name: string;
  mcgPerMl: number | null;
  testId?: string;
}) {
  const stated = mcgPerMl === null ? null : statedConcentration(name, mcgPerMl);
  if (stated) {
    return (
      <span data-testid={testId}>
        {name.slice(0, stated.start)}
        <strong>{name.slice(stated.start, stated.end)}</strong>
        {name.slice(stated.end)}
      </span>
    );
  }
  return (
    <span data-testid={testId}>
      {name}, <strong>{formatConcentration(mcgPerMl)}</strong>
    </span>
  );
}
