/** How UML's kernel process reaches its stubs: ptrace (SYSEMU stops) or seccomp (a filter traps, a futex hands off; UML ≥ 6.16). */
export const STUB_MODES = ['ptrace', 'seccomp'] as const;
export type StubMode = (typeof STUB_MODES)[number];

/** The kernel argument that selects a stub mode (UML 7 defaults to ptrace; older kernels know no `seccomp=`). */
export const modeArgs = (mode: StubMode | undefined): string[] => (mode === 'seccomp' ? ['seccomp=on'] : mode === 'ptrace' ? ['seccomp=off'] : []);
