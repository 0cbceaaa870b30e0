import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, SyntaxProblem } from '../../../src/nodes/modulation/expression';

const at = (text: string, t = 0, s = 0) => evaluate(parseExpression(text), { t, s });

/** The message of the SyntaxProblem that parsing `text` throws. */
function problem(text: string): string {
  try {
    parseExpression(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxProblem);
    return (error as SyntaxProblem).message;
  }
  throw new Error(`"${text}" parsed`);
}

describe('expression values', () => {
  it('reads numbers in decimal and exponent forms', () => {
    expect(at('1.04')).toBe(1.04);
    expect(at('.5')).toBe(0.5);
    expect(at('2.')).toBe(2);
    expect(at('1e-3')).toBe(0.001);
    expect(at('2E2')).toBe(200);
  });

  it('reads t as the frame and s as the seconds', () => {
    expect(at('t', 12, 0.5)).toBe(12);
    expect(at('s', 12, 0.5)).toBe(0.5);
    expect(at('1 + 0.002*sin(t/10)', 30)).toBeCloseTo(1 + 0.002 * Math.sin(3), 12);
  });

  it('binds * / % tighter than + -, and evaluates left to right', () => {
    expect(at('1 + 2 * 3')).toBe(7);
    expect(at('10 - 4 - 3')).toBe(3);
    expect(at('8 / 4 / 2')).toBe(1);
    expect(at('(1 + 2) * 3')).toBe(9);
  });

  it('makes ^ and ** right-associative powers that bind tighter than unary minus', () => {
    expect(at('2 ^ 3 ^ 2')).toBe(512);
    expect(at('2 ** 3')).toBe(8);
    expect(at('-2 ^ 2')).toBe(-4);
    expect(at('2 ^ -1')).toBe(0.5);
    expect(at('--3')).toBe(3);
    expect(at('+3')).toBe(3);
  });

  it('takes % as a floored modulo, so a negative phase wraps to a positive one', () => {
    expect(at('-1 % 120')).toBe(119);
    expect(at('t % 120', 250)).toBe(10);
  });

  it('knows pi, e and the documented functions', () => {
    expect(at('pi')).toBe(Math.PI);
    expect(at('e')).toBe(Math.E);
    expect(at('cos(0) + tan(0) + abs(-2)')).toBe(3);
    expect(at('floor(1.7) + ceil(1.2) + round(2.5)')).toBe(1 + 2 + 3);
    expect(at('min(3, 1, 2) + max(3, 1, 2)')).toBe(4);
    expect(at('pow(2, 10)')).toBe(1024);
    expect(at('sqrt(16) + exp(0) + log(e)')).toBe(6);
    expect(at('clamp(5, 0, 1) + clamp(-5, 0, 1) + clamp(0.5, 0, 1)')).toBe(1.5);
  });
});

describe('expression errors', () => {
  it('gives the position, counted from 1, and what was expected', () => {
    expect(problem('(1 + 2')).toBe('position 7: expected ")", found the end');
    expect(problem('1 + * 2')).toBe('position 5: expected a number, t, s, a function or "(", found "*"');
    expect(problem('1 2')).toBe('position 3: unexpected "2"');
    expect(problem('')).toMatch(/^position 1: expected a number/);
  });

  it('refuses every name outside the grammar, pointing at the name', () => {
    for (const name of ['window', 'constructor', '__proto__', 'eval', 'Function', 'globalThis', 'toString', 'hasOwnProperty', 'x']) {
      expect(problem(`1 + ${name}`)).toMatch(new RegExp(`^position 5: unknown name "${name}"`));
    }
    expect(problem('sin.constructor')).toBe('position 4: expected "(", found "."');
    expect(problem('t(1)')).toBe('position 2: unexpected "("');
  });

  it('refuses characters that are not part of the grammar', () => {
    expect(problem('1; alert(1)')).toBe('position 2: unexpected ";"');
    expect(problem('"1"')).toMatch(/^position 1: expected a number/);
    expect(problem('a[0]')).toMatch(/^position 1: unknown name "a"/);
    expect(problem('1 + `x`')).toMatch(/^position 5: expected a number/);
  });

  it('checks how many arguments a function takes', () => {
    expect(problem('sin(1, 2)')).toBe('position 1: sin takes 1 argument, got 2');
    expect(problem('1 + clamp(1, 2)')).toBe('position 5: clamp takes 3 arguments, got 2');
    expect(problem('max(1)')).toBe('position 1: max takes 2 or more arguments, got 1');
  });

  it('refuses nesting deep enough to threaten the stack, instead of overflowing it', () => {
    expect(problem(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`)).toMatch(/nested more than 64 deep/);
    expect(problem(`${'-'.repeat(10_000)}1`)).toMatch(/nested more than 64 deep/);
    expect(at(`${'('.repeat(20)}1${')'.repeat(20)}`)).toBe(1);
  });

  it('leaves runtime results such as log(0) to the caller', () => {
    expect(at('log(t)', 0)).toBe(-Infinity);
    expect(Number.isNaN(at('sqrt(-1)'))).toBe(true);
  });
});
