/**
 * Shape checks of the strategies a plug-in supplies, against the three axis
 * interfaces of impl/vmm/interfaces.ts: names, flags and methods, each
 * complaint naming the field. Behaviour is for the properties to judge.
 */
import { asRecord, firstComplaint, mustBe, needFunction, needString } from './shapeChecks.ts';
import { unknownKey } from './unknownKey.ts';

/** The keys of each strategy interface (impl/vmm/interfaces.ts): any other is a typo, named with the likely one. */
const KEYS = {
  mediation: ['name', 'changesMemoryInKernel', 'install', 'reset'],
  protection: ['name', 'means', 'boot', 'lift', 'protect', 'reset'],
  addressSpaces: ['name', 'create', 'reset'],
} as const;

/** Checks that the optional per-run `reset` hook, when given, is a function. */
function optionalReset(record: Readonly<Record<string, unknown>>, at: string): string | undefined {
  return record['reset'] === undefined ? undefined : needFunction(record, 'reset', at);
}

/** Checks a mediation strategy (`MediationStrategy` with a name of its own). */
export function checkMediation(value: unknown): string | undefined {
  const record = asRecord(value);
  if (record === undefined) return mustBe('mediation', 'an object (a MediationStrategy) or a function of the standard one', value);
  return firstComplaint(
    () => unknownKey(record, KEYS.mediation, 'mediation'),
    () => needString(record, 'name', 'mediation'),
    () => (typeof record['changesMemoryInKernel'] === 'boolean' ? undefined : mustBe('mediation.changesMemoryInKernel', 'a boolean', record['changesMemoryInKernel'])),
    () => needFunction(record, 'install', 'mediation'),
    () => optionalReset(record, 'mediation'),
  );
}

/** Checks a protection strategy (`ProtectionStrategy` with a name of its own). */
export function checkProtection(value: unknown): string | undefined {
  const record = asRecord(value);
  if (record === undefined) return mustBe('protection', 'an object (a ProtectionStrategy) or a function of the standard one', value);
  return firstComplaint(
    () => unknownKey(record, KEYS.protection, 'protection'),
    () => needString(record, 'name', 'protection'),
    () => (record['means'] === 'memory' || record['means'] === 'register' ? undefined : mustBe('protection.means', "'memory' or 'register'", record['means'])),
    () => needFunction(record, 'boot', 'protection'),
    () => needFunction(record, 'lift', 'protection'),
    () => needFunction(record, 'protect', 'protection'),
    () => optionalReset(record, 'protection'),
  );
}

/** Checks an address-space strategy (`AddressSpaceStrategy` with a name of its own). */
export function checkAddressSpaces(value: unknown): string | undefined {
  const record = asRecord(value);
  if (record === undefined) return mustBe('addressSpaces', 'an object (an AddressSpaceStrategy) or a function of the standard one', value);
  return firstComplaint(
    () => unknownKey(record, KEYS.addressSpaces, 'addressSpaces'),
    () => needString(record, 'name', 'addressSpaces'),
    () => needFunction(record, 'create', 'addressSpaces'),
    () => optionalReset(record, 'addressSpaces'),
  );
}

/** Checks what an address-space strategy's `create()` returned (an `AddressSpaceManager`). */
export function checkManager(value: unknown): string | undefined {
  const record = asRecord(value);
  if (record === undefined) return mustBe('addressSpaces.create()', 'an AddressSpaceManager object', value);
  const at = 'addressSpaces.create()';
  return firstComplaint(
    () => needFunction(record, 'processCreated', at),
    () => needFunction(record, 'processGone', at),
    () => needFunction(record, 'switchTo', at),
  );
}
