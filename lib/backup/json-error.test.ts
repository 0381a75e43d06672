import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-error';

const at = (text: string) => {
  const found = locateJsonError(text);
  return found && `${found.line}:${found.column} expected ${found.expected}, found ${found.found}`;
};

describe('locateJsonError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9\\"", {}, []], "b": {"c": 0}} ',
      '"just a string"',
      '0',
      JSON.stringify({ deep: Array.from({ length: 50 }, (_, i) => ({ i, s: `é ${i}\t` })) }, null, 2),
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it('finds the first error, with line and column, where JSON.parse gives no position', () => {
    expect(at('{"a":}')).toBe(`1:6 expected a value, found '}'`);
    expect(at('{"a": tru}')).toBe(`1:7 expected a value, found 't'`);
    expect(at('{\n  "a": 1\n  "b": 2\n}')).toBe(`3:3 expected ',' or '}', found '"'`);
    expect(at('[1, 2,]')).toBe(`1:7 expected a value, found ']'`);
    expect(at('{"a": 1,}')).toBe(`1:9 expected a property name in double quotes, found '}'`);
    expect(at("{'a': 1}")).toBe(`1:2 expected a property name in double quotes, found '''`);
    expect(at('{"a" 1}')).toBe(`1:6 expected ':', found '1'`);
    expect(at('{"a": 01}')).toBe(`1:8 expected ',' or '}', found '1'`);
    expect(at('{"a": -}')).toBe(`1:7 expected a number, found '-'`);
    expect(at('{"a": "x\\q"}')).toBe(`1:9 expected a valid string, found '\\'`);
    expect(at('{"a": "line\nbreak"}')).toBe(`1:12 expected a valid string, found "\\n"`);
    expect(at('{"a": 1} {')).toBe(`1:10 expected the end of the file, found '{'`);
  });

  it('reports a truncated file at its end', () => {
    expect(at('{"a": [1, 2')).toBe(`1:12 expected ',' or ']', found the end of the file`);
    expect(at('{"a": "unfinished')).toBe(
      `1:18 expected the closing '"' of a string, found the end of the file`,
    );
    expect(at('')).toBe('1:1 expected a value, found the end of the file');
  });

  it('survives deep nesting without a stack overflow', () => {
    expect(locateJsonError('['.repeat(200_000) + ']'.repeat(200_000))).toBeNull();
    expect(at('['.repeat(200_000))).toBe(`1:200001 expected a value, found the end of the file`);
  });
});
