import fc from 'fast-check';
import { duplicateJsonKey } from './json-duplicates';

describe('duplicateJsonKey', () => {
  it('finds none in any text JSON.stringify writes (its objects cannot repeat a key)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(duplicateJsonKey(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('finds a key repeated in any object, however deep', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1, maxKeys: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.jsonValue(),
        fc.integer({ min: 0, max: 3 }),
        (object, at, extra, depth) => {
          const keys = Object.keys(object);
          const key = keys[at % keys.length]!;
          const inner = JSON.stringify(object);
          // the repeated key goes in after the others: `{…,"key":extra}`
          let text = `${inner.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(extra)}}`;
          for (let d = 0; d < depth; d++) text = d % 2 ? `[1,${text}]` : `{"level${d}":${text},"after":"}"}`;
          expect(duplicateJsonKey(text)).toBe(key);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('compares keys as decoded, and is not misled by braces, quotes or commas inside strings', () => {
    expect(duplicateJsonKey('{"role":"nurse","\\u0072ole":"admin"}')).toBe('role');
    expect(duplicateJsonKey('{"a":"x\\",\\"a\\":{","b":"}, \\"a\\": 1"}')).toBeUndefined();
    expect(duplicateJsonKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBeUndefined();
    expect(duplicateJsonKey('{"a":[{"x":1,"x":2}]}')).toBe('x');
    expect(duplicateJsonKey('{"a": 1 , "a" : 2}')).toBe('a');
  });

  it('leaves text that is not JSON to the parser', () => {
    expect(duplicateJsonKey('{"a":1,"a')).toBeUndefined();
    expect(duplicateJsonKey('')).toBeUndefined();
  });
});
