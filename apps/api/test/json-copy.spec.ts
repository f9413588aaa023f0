import fc from 'fast-check';
import { jsonCopy, snapshot } from '../src/common/db/write';

/** Audit snapshots must hold exactly what the JSON round trip they replaced held (same values, same key order). */
describe('jsonCopy', () => {
  const leaf = fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: false }),
    fc.constantFrom(-0, NaN, -Infinity, 1e21, 2.5, () => 1, Symbol('s'), new Number(3), new String('x')),
  );
  const key = fc.oneof(fc.string(), fc.constantFrom('0', '10', '9', '__proto__', 'toJSON_', 'a'));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('node'), { maxLength: 5 }),
    object: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
  })).node;

  it('equals JSON.parse(JSON.stringify(v)) for any value, key order included', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (v) => {
        const expected = JSON.parse(JSON.stringify(v)) as unknown;
        const copy = jsonCopy(v);
        expect(copy).toEqual(expected);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 3000 },
    );
  });

  it('snapshots an entity: Dates as ISO text, -0 as 0, relations left out, details copied', () => {
    const details = { refillIds: ['a'], nested: { at: new Date(Date.UTC(2026, 0, 1)) } };
    const snap = snapshot({
      id: 'x',
      at: new Date(Date.UTC(2026, 1, 2)),
      n: -0,
      pump: { id: 'p' },
      details,
      u: undefined,
    });
    expect(snap).toEqual({
      id: 'x',
      at: '2026-02-02T00:00:00.000Z',
      n: 0,
      details: { refillIds: ['a'], nested: { at: '2026-01-01T00:00:00.000Z' } },
    });
    expect(Object.is(snap.n, 0)).toBe(true);
    expect(snap.details).not.toBe(details);
  });
});
