import fc from 'fast-check';
import { CanonicalJson, canonicalEntryText, canonicalJson } from '../src/modules/audit/canonical';

/**
 * The audit chain's hashes depend on the exact canonical text. The one-pass renderer must give, for every value,
 * the text the chain was first hashed with: JSON.stringify over a JSON round trip with keys sorted (kept here as
 * the reference), or /api/audit/verify would call every older entry broken.
 */
function referenceCanonicalJson(value: unknown): string {
  const normalised = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sortKeys(normalised));
}

/** Values as audit snapshots hold them: JSON, Dates, undefined fields, index-like keys, odd numbers. */
const leaf = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(-0, NaN, Infinity, 1e21, 2.5, 0.1),
);
const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '9', '01', '-1', '4294967295', '__x', 'a', 'B'));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
})).node;

describe('audit canonical JSON', () => {
  it('renders exactly the reference text for any value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('renders examples the chain already holds', () => {
    const v = {
      b: 1,
      a: [new Date(Date.UTC(2026, 0, 2)), undefined, { z: null, y: 2.5 }],
      10: 'x',
      9: 'y',
      u: undefined,
    };
    expect(canonicalJson(v)).toBe('{"9":"y","10":"x","a":["2026-01-02T00:00:00.000Z",null,{"y":2.5,"z":null}],"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date(NaN))).toBe('null');
  });

  it('an entry rendered from pre-rendered before/after texts is the canonical text of the whole entry', () => {
    const entry = fc.record({
      id: fc.uuid(),
      at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      userId: fc.option(fc.uuid(), { nil: null }),
      action: fc.string(),
      entityType: fc.string(),
      entityId: fc.string(),
    });
    fc.assert(
      fc.property(entry, value, value, (e, before, after) => {
        const whole = {
          ...e,
          before: JSON.parse(JSON.stringify(before ?? null)),
          after: JSON.parse(JSON.stringify(after ?? null)),
        };
        expect(canonicalEntryText(e, canonicalJson(before), canonicalJson(after))).toBe(referenceCanonicalJson(whole));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('CanonicalJson (a snapshot rendered at the moment of a change)', () => {
  it('renders as its text wherever it sits, and serialises as the value it renders', () => {
    const snap = new CanonicalJson(canonicalJson({ b: 1, a: new Date(Date.UTC(2026, 0, 1)) }));
    expect(canonicalJson({ after: snap, z: [snap] })).toBe(
      referenceCanonicalJson({
        after: { a: '2026-01-01T00:00:00.000Z', b: 1 },
        z: [{ a: '2026-01-01T00:00:00.000Z', b: 1 }],
      }),
    );
    expect(JSON.parse(JSON.stringify({ snap }))).toEqual({ snap: { a: '2026-01-01T00:00:00.000Z', b: 1 } });
  });
});
