import { describe, expect, it } from 'vitest';
import { expectedRing, permission, regionPermitted } from './permission.ts';
import { PROTECTIONS } from './variant.ts';
import type { Region } from './types.ts';

const regions: readonly Region[] = ['guest-user', 'guest-kernel', 'host-kernel'];

describe('permission rule', () => {
  it('lets user mode reach guest user memory only, kernel mode guest memory only', () => {
    expect(regions.filter((r) => regionPermitted('user', r))).toEqual(['guest-user']);
    expect(regions.filter((r) => regionPermitted('kernel', r))).toEqual(['guest-user', 'guest-kernel']);
  });

  it('runs the guest kernel at ring 1 only under the supervisor bit', () => {
    for (const protection of PROTECTIONS) {
      expect(expectedRing(protection, 'user')).toBe(3);
      expect(expectedRing(protection, 'kernel')).toBe(protection === 'supervisor-bit' ? 1 : 3);
    }
  });

  it('judges each access by mode, ring and region, reads and writes alike', () => {
    for (const protection of PROTECTIONS) {
      for (const op of ['read', 'write'] as const) {
        const kernelRing = expectedRing(protection, 'kernel');
        expect(permission({ protection, mode: 'kernel', ring: kernelRing, region: 'guest-kernel', op })).toBe('allowed');
        expect(permission({ protection, mode: 'kernel', ring: kernelRing, region: 'host-kernel', op })).toBe('region-forbidden');
        expect(permission({ protection, mode: 'user', ring: 3, region: 'guest-kernel', op })).toBe('region-forbidden');
        expect(permission({ protection, mode: 'user', ring: 0, region: 'guest-user', op })).toBe('wrong-ring');
      }
    }
    expect(permission({ protection: 'supervisor-bit', mode: 'kernel', ring: 3, region: 'guest-kernel', op: 'read' })).toBe('wrong-ring');
  });
});
