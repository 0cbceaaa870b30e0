/** Where a text stops being JSON. Line and column count from 1. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Finds the first syntax error in `text`, or returns null when `JSON.parse` accepts it.
 * Engines word and locate `JSON.parse` errors differently (some give no position at all),
 * so the file loader reports this instead. Iterative, so deep nesting cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (offset: number, message: string): JsonSyntaxError => ({ offset, ...lineAndColumn(text, offset), message });
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma-or-close');

  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= text.length) return expect === 'end' ? null : fail(i, 'unexpected end of file');
    const c = text[i] as string;
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (c === ']' && expect === 'value-or-close') {
          stack.pop();
          i++;
          expect = afterValue();
          break;
        }
        if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          expect = c === '{' ? 'key-or-close' : 'value-or-close';
          break;
        }
        const end = scanScalar(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end;
        expect = afterValue();
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (c === '}' && expect === 'key-or-close') {
          stack.pop();
          i++;
          expect = afterValue();
          break;
        }
        if (c !== '"') return fail(i, `expected a property name in double quotes, found ${show(c)}`);
        const end = scanString(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') return fail(i, `expected ":" after a property name, found ${show(c)}`);
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        const close = top === '{' ? '}' : ']';
        if (c === ',') expect = top === '{' ? 'key' : 'value';
        else if (c === close) {
          stack.pop();
          expect = afterValue();
        } else return fail(i, `expected "," or "${close}", found ${show(c)}`);
        i++;
        break;
      }
      case 'end':
        return fail(i, `unexpected ${show(c)} after the end of the JSON value`);
    }
  }
}

interface ScanFailure { readonly offset: number; readonly message: string }

function scanScalar(text: string, i: number): number | ScanFailure {
  const c = text[i] as string;
  if (c === '"') return scanString(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, i)) return i + word.length;
  }
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = i;
    return NUMBER.test(text) ? NUMBER.lastIndex : { offset: i, message: 'invalid number' };
  }
  return { offset: i, message: `unexpected ${show(c)}` };
}

function scanString(text: string, start: number): number | ScanFailure {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') return i + 1;
    if (c < ' ') return { offset: i, message: `unescaped control character ${show(c)} in a string` };
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u' && HEX4.test(text.slice(i + 2, i + 6))) i += 5;
      else if (next !== undefined && ESCAPES.has(next)) i += 1;
      else return { offset: i, message: 'invalid escape in a string' };
    }
  }
  return { offset: start, message: 'unterminated string' };
}

function show(c: string): string {
  return c >= ' ' && c !== '\u007f' ? JSON.stringify(c) : `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
