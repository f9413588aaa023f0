/**
 * The first property name that appears twice in one object of a JSON text, or undefined. JSON.parse keeps the
 * last of two equal keys without a word, so `{"doseMcgPerDay":100,"doseMcgPerDay":1000}` would be read as 1000
 * while a proxy, a log or another parser may read 100: an ambiguous body is refused instead of guessed at.
 * Keys are compared as decoded ("a" and "\u0061" are the same key). Text that is not valid JSON gives undefined:
 * the JSON parser refuses it with its own message.
 */
export function duplicateJsonKey(text: string): string | undefined {
  // one set of keys per open object; null for an open array
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      const top = open[open.length - 1];
      if (expectKey && top) {
        const raw = text.slice(i, end + 1);
        let key: string;
        try {
          key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        } catch {
          return undefined;
        }
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      // after a comma inside an object comes the next key
      expectKey = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}

/** Index of the quote closing the JSON string that opens at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}
