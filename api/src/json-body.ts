// A request body's JSON, bounded before it is parsed. JSON.parse's time
// grows with the number of values and, faster, with their nesting: a 1 MB
// body of arrays nested 500,000 deep held the event loop for 0.6 s, one of
// 330,000 empty objects for 50 ms (bodies are capped at 100 KB now, http.ts,
// which leaves 50,000 levels or 33,000 objects). A GraphQL request of this API is an object
// holding a query string and a few variables, so one pass over the text
// (strings are skipped with indexOf) refuses bodies nested deeper than
// MAX_JSON_DEPTH or holding more than MAX_JSON_ITEMS values before
// JSON.parse sees them.

export const MAX_JSON_DEPTH = 64;
export const MAX_JSON_ITEMS = 10_000;

/** Why a body is refused before parsing, or undefined when it may be parsed. */
export function jsonBodyRefusal(text: string, maxDepth = MAX_JSON_DEPTH, maxItems = MAX_JSON_ITEMS): string | undefined {
  let depth = 0;
  let items = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // To the closing quote: the next one not preceded by an odd number of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return undefined; // unterminated: JSON.parse says so
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      i = j;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return `the request body nests JSON deeper than ${maxDepth} levels`;
      if (++items > maxItems) return `the request body holds more than ${maxItems} JSON values`;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x2c || c === 0x3a) {
      if (++items > maxItems) return `the request body holds more than ${maxItems} JSON values`;
    }
  }
  return undefined;
}
