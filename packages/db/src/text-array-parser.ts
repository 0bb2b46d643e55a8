/**
 * Postgres's text form of a one-dimensional array of text or uuids (`{}`, `{a,b}`, `{NULL,x}`) to
 * an array of strings, by one split where no element is quoted (as in users' roles, locations and
 * provider ids), without the character-by-character walk of pg's own parser (a twentieth of the
 * garbage a page of users left). Postgres quotes an element that is empty, holds a delimiter,
 * brace, quote, backslash or white space, or reads as NULL: anything quoted or escaped, and any
 * other dimension or bounds, goes to `fallback`, pg's parser. An unquoted NULL is SQL null.
 */
export function textArrayParser(fallback: (text: string) => unknown) {
  return (text: string): unknown => {
    if (text === '{}') return [];
    const last = text.length - 1;
    if (
      text.charCodeAt(0) !== OPEN ||
      text.charCodeAt(last) !== CLOSE ||
      text.includes('"') ||
      text.includes('\\') ||
      text.indexOf('{', 1) !== -1
    ) {
      return fallback(text);
    }
    const elements: (string | null)[] = text.slice(1, last).split(',');
    for (let i = 0; i < elements.length; i++) {
      if (elements[i] === 'NULL') elements[i] = null;
    }
    return elements;
  };
}

const OPEN = 123;
const CLOSE = 125;
