/** Word wrapping to the terminal: breaks at spaces, hanging indent, long words cut, escape codes not counted. */
import { styleText } from 'node:util';
import { describe, expect, it } from 'vitest';
import { visibleLength, wrapLine, wrapText } from './wrap.ts';

describe('wrapLine', () => {
  it('leaves a line that fits as it is', () => {
    expect(wrapLine('short line', 20)).toEqual(['short line']);
  });

  it('breaks at spaces with a hanging indent, never past the width', () => {
    const lines = wrapLine('  isolation: no forbidden access succeeds by mode and region', 24, '    ');
    expect(lines).toEqual(['  isolation: no', '    forbidden access', '    succeeds by mode and', '    region']);
    expect(lines.every((l) => l.length <= 24)).toBe(true);
  });

  it('cuts a word longer than the width into pieces that keep every character', () => {
    const json = `{"programs":[${'1,'.repeat(60)}2]}`;
    const lines = wrapLine(`counterexample: ${json}`, 30, '  ');
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines.map((l) => l.trim()).join('').replace('counterexample:', '')).toBe(json);
  });

  it('keeps the spaces that align a field on its first line', () => {
    expect(wrapLine('  states:   a=1, b=2, c=3', 18, '            ')).toEqual(['  states:   a=1,', '            b=2,', '            c=3']);
  });

  it('does not count colour codes', () => {
    const painted = `${styleText('red', 'FAIL')} isolation`;
    expect(visibleLength(painted)).toBe(14);
    expect(wrapLine(painted, 14)).toEqual([painted]);
  });
});

describe('wrapText', () => {
  it('wraps each line of a text', () => {
    expect(wrapText('aa bb\ncc dd', 2)).toBe('aa\nbb\ncc\ndd');
  });
});
