/**
 * What JSON.stringify serialises in place of `value` found under `key`: the result of its toJSON (a Date gives
 * its ISO text) and boxed primitives (`new Number(1)`) unboxed. The one place the audit's canonical JSON and the
 * snapshot copy take that step, so both keep reading values exactly as JSON.stringify does.
 */
export function jsonValue(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  return v;
}
