import { describe, expect, it } from 'vitest';
import { allVariants, parseVariant, PRESETS, variantName } from './variant.ts';

describe('variants', () => {
  it('has 16 distinct variants whose names parse back to themselves', () => {
    const variants = allVariants();
    expect(new Set(variants.map(variantName)).size).toBe(16);
    for (const variant of variants) expect(parseVariant(variantName(variant))).toEqual({ ok: true, variant });
  });

  it('resolves the paper presets cumulatively', () => {
    expect(variantName(PRESETS.umlinux)).toBe('ptrace-process/mprotect/remap');
    expect(variantName(PRESETS['+kernel-module'])).toBe('kernel-module/mprotect/remap');
    expect(variantName(PRESETS['+segment-bounds'])).toBe('kernel-module/segment-bounds/remap');
    expect(variantName(PRESETS['+multi-as'])).toBe('kernel-module/segment-bounds/multi-as');
    expect(parseVariant('+multi-as')).toEqual({ ok: true, variant: PRESETS['+multi-as'] });
  });

  it('names the bad part of an unknown variant', () => {
    const bad = (text: string) => {
      const result = parseVariant(text);
      if (result.ok) throw new Error(`'${text}' parsed`);
      return result.error;
    };
    expect(bad('vmware')).toMatch(/^unknown variant 'vmware'/);
    expect(bad('kernel-module/paging/remap')).toMatch(/^unknown protection 'paging'/);
    expect(bad('ptrace/mprotect/remap')).toMatch(/^unknown mediation 'ptrace'/);
    expect(bad('kernel-module/mprotect/tlb')).toMatch(/^unknown address-spaces choice 'tlb'/);
    expect(bad('toString')).toMatch(/^unknown variant/);
  });
});
