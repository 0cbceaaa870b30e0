/**
 * Expressions of `t` (frame) and `s` (seconds), as Deforum's schedules write them:
 * `1 + 0.002*sin(t/10)`. A hand-written recursive-descent parser builds a small AST and a
 * tree walk evaluates it; nothing reaches `eval` or `Function`, and a name outside the grammar
 * (`window`, `constructor`, `__proto__`) is refused when parsed, so a schedule from a shared
 * graph file can compute numbers and nothing else.
 *
 * Grammar (whitespace allowed between tokens):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/' | '%') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary (('^' | '**') unary)?        right-associative, binds tighter than unary minus
 *   primary := number | 't' | 's' | 'pi' | 'e' | name '(' expr (',' expr)* ')' | '(' expr ')'
 */

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '^';

export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: 't' | 's' }
  | { readonly kind: 'negate'; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[] };

/** What an expression reads: the frame number and the time in seconds. */
export interface Variables { readonly t: number; readonly s: number }

/** A syntax error at `index` (0-based) in the text; the message counts characters from 1. */
export class SyntaxProblem extends Error {
  constructor(readonly index: number, readonly detail: string) {
    super(`position ${index + 1}: ${detail}`);
    this.name = 'SyntaxProblem';
  }
}

interface MathFunction { readonly min: number; readonly max: number; readonly apply: (args: readonly number[]) => number }

const one = (f: (x: number) => number): MathFunction => ({ min: 1, max: 1, apply: (a) => f(a[0]!) });

// A Map, not an object literal: `constructor` or `__proto__` must not find Object.prototype's.
const FUNCTIONS: ReadonlyMap<string, MathFunction> = new Map<string, MathFunction>([
  ['sin', one(Math.sin)], ['cos', one(Math.cos)], ['tan', one(Math.tan)], ['abs', one(Math.abs)],
  ['floor', one(Math.floor)], ['ceil', one(Math.ceil)], ['round', one(Math.round)],
  ['sqrt', one(Math.sqrt)], ['exp', one(Math.exp)], ['log', one(Math.log)],
  ['min', { min: 2, max: Infinity, apply: (a) => Math.min(...a) }],
  ['max', { min: 2, max: Infinity, apply: (a) => Math.max(...a) }],
  ['pow', { min: 2, max: 2, apply: (a) => a[0]! ** a[1]! }],
  ['clamp', { min: 3, max: 3, apply: (a) => Math.min(Math.max(a[0]!, a[1]!), a[2]!) }],
]);

const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI], ['e', Math.E]]);

/** The function names an expression may call, for docs and error messages. */
export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];

// Deeper nesting than any schedule needs; the limit keeps `((((…` from overflowing the stack.
const MAX_DEPTH = 64;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * A cursor over source text, shared with the schedule parser so that an expression's errors
 * report positions in the whole schedule.
 */
export class Reader {
  index = 0;
  #depth = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index]!)) this.index++;
  }

  /** Skips whitespace, then consumes `token` if it comes next. */
  eat(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.index)) return false;
    this.index += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected "${token}"${this.found()}`);
  }

  /** Consumes a match of a sticky regex at the cursor (after whitespace). */
  match(pattern: RegExp): string | undefined {
    this.skipSpace();
    pattern.lastIndex = this.index;
    const found = pattern.exec(this.text)?.[0];
    if (found !== undefined) this.index += found.length;
    return found;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.index >= this.text.length;
  }

  /** `, found "x"` for the character at the cursor, or `, found the end`. */
  found(): string {
    this.skipSpace();
    return this.index < this.text.length ? `, found "${this.text[this.index]}"` : ', found the end';
  }

  fail(detail: string, at = this.index): never {
    throw new SyntaxProblem(at, detail);
  }

  nest<T>(parse: () => T): T {
    if (++this.#depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} deep`);
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }
}

/** Parses a whole expression: `parseExpression('1 + sin(t/10)')`. Throws SyntaxProblem. */
export function parseExpression(text: string): Expression {
  const reader = new Reader(text);
  const expression = readExpression(reader);
  if (!reader.atEnd()) reader.fail(`unexpected "${text[reader.index]}"`);
  return expression;
}

/** Parses an expression at the reader's cursor and leaves the cursor after it. */
export function readExpression(reader: Reader): Expression {
  return reader.nest(() => {
    let left = readTerm(reader);
    for (;;) {
      const operator = reader.eat('+') ? '+' : reader.eat('-') ? '-' : undefined;
      if (!operator) return left;
      left = { kind: 'binary', operator, left, right: readTerm(reader) };
    }
  });
}

function readTerm(reader: Reader): Expression {
  let left = readUnary(reader);
  for (;;) {
    // readPower takes a `**` right after its base, so a `*` left here is a product.
    const operator = reader.eat('*') ? '*' : reader.eat('/') ? '/' : reader.eat('%') ? '%' : undefined;
    if (!operator) return left;
    left = { kind: 'binary', operator, left, right: readUnary(reader) };
  }
}

function readUnary(reader: Reader): Expression {
  if (reader.eat('-')) return reader.nest(() => ({ kind: 'negate', operand: readUnary(reader) }));
  if (reader.eat('+')) return reader.nest(() => readUnary(reader));
  return readPower(reader);
}

function readPower(reader: Reader): Expression {
  const base = readPrimary(reader);
  if (!reader.eat('**') && !reader.eat('^')) return base;
  return { kind: 'binary', operator: '^', left: base, right: reader.nest(() => readUnary(reader)) };
}

function readPrimary(reader: Reader): Expression {
  const number = reader.match(NUMBER);
  if (number !== undefined) return { kind: 'number', value: Number(number) };
  if (reader.eat('(')) {
    const inner = readExpression(reader);
    reader.expect(')');
    return inner;
  }
  const start = reader.index;
  const name = reader.match(NAME);
  if (name === undefined) return reader.fail(`expected a number, t, s, a function or "("${reader.found()}`);
  if (name === 't' || name === 's') return { kind: 'variable', name };
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return { kind: 'number', value: constant };
  const fn = FUNCTIONS.get(name);
  if (!fn) return reader.fail(`unknown name "${name}" (use t, s, pi, e or a function: ${FUNCTION_NAMES.join(', ')})`, start);
  reader.expect('(');
  const args = [readExpression(reader)];
  while (reader.eat(',')) args.push(readExpression(reader));
  reader.expect(')');
  if (args.length < fn.min || args.length > fn.max) reader.fail(`${name} takes ${arity(fn)}, got ${args.length}`, start);
  return { kind: 'call', name, args };
}

function arity(fn: MathFunction): string {
  if (fn.max === Infinity) return `${fn.min} or more arguments`;
  return fn.min === 1 ? '1 argument' : `${fn.min} arguments`;
}

/** The expression's value for these variables; may be NaN or ±Infinity (`log(0)`), which callers check. */
export function evaluate(expression: Expression, variables: Variables): number {
  switch (expression.kind) {
    case 'number': return expression.value;
    case 'variable': return variables[expression.name];
    case 'negate': return -evaluate(expression.operand, variables);
    case 'binary': return applyBinary(expression.operator, evaluate(expression.left, variables), evaluate(expression.right, variables));
    case 'call': return FUNCTIONS.get(expression.name)!.apply(expression.args.map((a) => evaluate(a, variables)));
    default: {
      const unknown: never = expression;
      throw new Error(`unknown expression ${JSON.stringify(unknown)}`);
    }
  }
}

function applyBinary(operator: BinaryOperator, a: number, b: number): number {
  switch (operator) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    // Floored, as in Python (Deforum's numexpr schedules): `-1 % 120` is 119, so a wrapped phase stays positive.
    case '%': return a - b * Math.floor(a / b);
    case '^': return a ** b;
  }
}
