/**
 * `vmspec doctor [--boot] [--json]`: which optional parts work on this host
 * (UML and its stub modes, strace, perf, a C compiler, a static busybox) and
 * why not, before a first `vmspec real` fails on one. It only reports: exit 0
 * whatever it finds (2 only for bad input).
 */
import { defineCommand } from './commandSpec.ts';
import { hostParts, type HostPart } from './hostParts.ts';
import type { CliIo } from './io.ts';
import { widthOf, wrapLine } from './wrap.ts';

const LABEL: Readonly<Record<HostPart['state'], string>> = { works: 'works', fails: 'does not work', untested: 'found, not tried' };

/** The text report: a line per part, then its detail and what needs it, wrapped to `width`. */
export function doctorText(parts: readonly HostPart[], width: number): string {
  const lines = [
    'The emulator and check, mutants, verify, conform, explore, record need none of these.',
    '',
    ...parts.flatMap((p) => [
      `${p.part}: ${LABEL[p.state]}`,
      ...wrapLine(`  ${p.detail}`, width, '    '),
      ...wrapLine(`  needed by: ${p.neededBy}`, width, '    '),
    ]),
    '',
    `${parts.filter((p) => p.state === 'works').length} of ${parts.length} parts work here.`,
  ];
  return `${lines.flatMap((line) => wrapLine(line, width)).join('\n')}\n`;
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'which optional parts (UML, strace, perf, cc, busybox) work here',
  details: [
    'Quick by default: UML is asked its version and stub modes, not booted;',
    '--boot boots it in each mode (seconds). Programs are found as vmspec real',
    'finds them: $VMSPEC_UML, else the kernel real setup chose, else linux.uml',
    'on PATH; $VMSPEC_CC (else gcc); $VMSPEC_BUSYBOX (else /bin/busybox);',
    'strace and perf on PATH. Exit 0 whatever it finds; 2 for bad input.',
  ].join('\n'),
  options: [
    { flag: '--boot', description: 'boot UML in each stub mode it offers (the only test that shows it works here)' },
    { flag: '--json', description: 'print the findings as JSON' },
  ],
  examples: ['doctor', 'doctor --boot', 'doctor --json'],
}, async (args, io: CliIo) => {
  if (args.positional.length > 0) {
    io.err(`vmspec doctor: takes no arguments (got '${args.positional[0]!.slice(0, 40)}'); see vmspec doctor --help\n`);
    return 2;
  }
  const parts = await hostParts({ boot: args.switches.has('--boot') });
  io.out(args.switches.has('--json') ? `${JSON.stringify({ parts }, null, 2)}\n` : doctorText(parts, widthOf(io.columns)));
  return 0;
});
