/**
 * The JSON form of a scenario (a counterexample's workload, scheduler seed and
 * timer interval), decoded with io-ts at the file edge: programs are checked
 * instruction by instruction, so a hand-edited replay file that is wrong fails
 * with the JSON path of its first mistake.
 */
import * as t from 'io-ts';
import type { GuestCall, Instr, Program } from '../impl/index.ts';
import type { Scenario } from './arbitraries/workloadArbitrary.ts';

const int = (name: string, min: number, max: number) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max ? t.success(u) : t.failure(u, c, `expected an integer in [${min}, ${max}]`)),
    t.identity,
  );

const word = int('word', -0x8000_0000, 0xffff_ffff);
const address = int('address', 0, 0xffff_ffff);
const small = int('count', 0, 1_000_000);
const signal = t.keyof({ SIGSEGV: null, SIGUSR1: null, SIGKILL: null });

const programCodec: t.Type<Program, Program, unknown> = t.recursion('Program', () => t.readonlyArray(instrCodec));

const callCodec: t.Type<GuestCall, GuestCall, unknown> = t.recursion('GuestCall', () =>
  t.union([
    t.strict({ nr: t.literal('getpid') }),
    t.strict({ nr: t.literal('write'), fd: small, addr: address, count: small }),
    t.strict({ nr: t.literal('read'), fd: small, addr: address, count: small }),
    t.strict({ nr: t.literal('brk'), addr: address }),
    t.strict({ nr: t.literal('fork'), child: programCodec }),
    t.strict({ nr: t.literal('exit'), status: word }),
    t.strict({ nr: t.literal('yield') }),
    t.strict({ nr: t.literal('kill'), pid: small, sig: signal }),
    t.strict({ nr: t.literal('pipe'), addr: address }),
    t.strict({ nr: t.literal('sigaction'), sig: t.keyof({ SIGSEGV: null, SIGUSR1: null }), handler: t.union([programCodec, t.null]) }),
    t.strict({ nr: t.literal('sigreturn') }),
    t.strict({ nr: t.literal('wait') }),
  ]),
);

const instrCodec: t.Type<Instr, Instr, unknown> = t.recursion('Instr', () =>
  t.union([
    t.strict({ op: t.literal('load'), addr: address }),
    t.strict({ op: t.literal('store'), addr: address, value: word }),
    t.strict({ op: t.literal('compute'), cycles: small }),
    t.strict({ op: t.literal('syscall'), call: callCodec }),
    t.strict({ op: t.literal('loop'), times: small, body: programCodec }),
  ]),
);

const hostCall = t.keyof({
  getpid: null, mmap: null, munmap: null, mprotect: null, sigreturn: null, 'switch-guest': null, read: null, write: null, kill: null,
  sigsuspend: null, brk: null, fork: null, exit: null, yield: null, pipe: null, sigaction: null, wait: null, open: null, execve: null,
  socket: null, ptrace: null,
});

const kernelProbeCodec = t.exact(
  t.partial({
    accesses: t.readonlyArray(t.strict({ addr: address, op: t.keyof({ read: null, write: null }) })),
    hostCalls: t.readonlyArray(t.union([
      hostCall,
      t.strict({ nr: t.keyof({ mmap: null, munmap: null, mprotect: null }), start: address, pages: int('pages', 1, 0x100000) }),
    ])),
    atEntry: small,
  }),
);

/** A program image: its areas (checked whole by the emulator when it starts the processes) and its entry. */
const imageCodec = t.strict({
  areas: t.readonlyArray(t.strict({
    name: t.string, start: address, pages: int('pages', 1, 0x100000),
    prot: t.keyof({ r: null, rx: null, rw: null }), backing: t.keyof({ file: null, anon: null }),
  })),
  entry: address,
});

/** The codec of a scenario. */
export const scenarioCodec: t.Type<Scenario, Scenario, unknown> = t.intersection([
  t.strict({
    workload: t.intersection([
      t.strict({ name: t.string, programs: t.readonlyArray(programCodec) }),
      t.exact(t.partial({ kernelProbe: kernelProbeCodec, image: imageCodec })),
    ]),
    seed: int('seed', -0x7fff_ffff, 0x7fff_ffff),
    timerInterval: int('timerInterval', 1, 1_000_000),
  }),
  t.exact(t.partial({ addressSpaces: int('addressSpaces', 1, 1024) })),
]) as unknown as t.Type<Scenario, Scenario, unknown>;
