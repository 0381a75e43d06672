/**
 * Where a JSON text stops being valid. JSON.parse's own messages only sometimes carry a
 * position (and otherwise quote a piece of the file), so after it fails this scanner walks
 * the text once more to say "line 3, column 14: expected ',' or '}'". Iterative, so a
 * deeply nested file cannot overflow the stack.
 */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  expected: string;
  found: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const stack: ('{' | '[')[] = [];

  const fail = (expected: string): JsonErrorLocation => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < i; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    const column = i - lineStart + 1;
    const ch = text[i];
    const found = ch === undefined ? 'the end of the file' : ch > ' ' ? `'${ch}'` : JSON.stringify(ch);
    return { offset: i, line, column, expected, found };
  };
  const skipWs = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  /** Reads a string at i; returns false where it is malformed (i then points at the fault). */
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return true;
      }
      if (ch < ' ') return false;
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return false;
          i += 6;
          continue;
        }
        if (next === undefined || !ESCAPES.has(next)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const key = (): JsonErrorLocation | null => {
    skipWs();
    if (!string()) return fail('a property name in double quotes');
    skipWs();
    if (text[i] !== ':') return fail("':'");
    i++;
    return null;
  };

  for (;;) {
    // A value starts here.
    skipWs();
    const ch = text[i];
    let closed = false;
    if (ch === '{' || ch === '[') {
      i++;
      skipWs();
      if (text[i] === (ch === '{' ? '}' : ']')) {
        i++;
        closed = true;
      } else {
        stack.push(ch);
        if (ch === '{') {
          const problem = key();
          if (problem) return problem;
        }
        continue;
      }
    }
    if (!closed) {
      if (ch === '"') {
        if (!string()) return fail(i < text.length ? 'a valid string' : "the closing '\"' of a string");
      } else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail('a number');
        i = NUMBER.lastIndex;
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return fail('a value');
        i += word.length;
      }
    }
    // After a value: close containers or move to the next element.
    for (;;) {
      skipWs();
      const top = stack.at(-1);
      if (top === undefined) return i < text.length ? fail('the end of the file') : null;
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return fail(`',' or '${close}'`);
      i++;
      if (top === '{') {
        const problem = key();
        if (problem) return problem;
      }
      break;
    }
  }
}
