/**
 * `vmspec real setup`: choose a UML kernel that boots on this host, installing
 * UML 7 into a private prefix where the system's does not boot (bench/real/
 * umlSetup.ts). Prints each step and the kernel chosen; a failure is one line
 * naming the step, exit 2.
 */
import { defaultBusybox, defaultUmlPrefix, findProgram, isStaticElf, setupUml } from '../bench/real/index.ts';
import { lastValue } from './args.ts';
import { defineCommand } from './commandSpec.ts';

export const realSetupCommand = defineCommand({
  name: 'setup',
  summary: 'find or install a User-Mode Linux kernel that boots on this host (UML 7 from Debian unstable where the system kernel does not)',
  arguments: '',
  details: [
    'Keeps the system linux.uml where it boots. Otherwise fetches Debian unstable\'s user-mode-linux and libc6 with apt-get download',
    '(private lists and cache: the host\'s apt and libc are not touched, no root needed), unpacks them into the prefix, and points',
    'the kernel at that libc with patchelf (from PATH, else downloaded the same way). The kernel is tried by booting it; the choice',
    'is written to PREFIX/kernel.json, which every `vmspec real` command and the real-UML tests then use ($VMSPEC_UML overrides it).',
    'Needs a static busybox (busybox-static) to boot on.',
  ].join('\n'),
  options: [
    { flag: '--prefix', value: 'DIR', description: 'where to install', default: '$VMSPEC_UML_PREFIX, else ~/.cache/vmspec/uml' },
    { flag: '--force', description: 'install UML 7 even when the system kernel boots' },
  ],
  examples: ['real setup', 'real setup --prefix /opt/vmspec-uml'],
}, async (args, io) => {
  const prefix = lastValue(args, '--prefix') ?? defaultUmlPrefix();
  const busybox = defaultBusybox();
  let isStatic: boolean | null = null;
  try {
    isStatic = (await findProgram(busybox)) === null ? null : await isStaticElf(busybox);
  } catch {
    isStatic = null;
  }
  if (isStatic !== true) {
    io.err(`vmspec real setup: '${busybox}' is not a static x86-64 busybox (install busybox-static): a kernel is tried by booting it on one\n`);
    return 2;
  }
  const chosen = await setupUml({ prefix, busybox, force: args.switches.has('--force'), log: (line) => io.out(`${line}\n`) });
  if (!chosen.ok) {
    io.err(`vmspec real setup: ${chosen.reason}\n`);
    return 2;
  }
  const k = chosen.value;
  io.out(`kernel: ${k.path}\nversion: UML ${k.version} (${k.source})\nstub modes: ${k.modes.join(', ')}\nchosen in: ${prefix}/kernel.json\n`);
  return 0;
}, ['real']);
