/**
 * `vmspec show TRACE|REPLAY --svg FILE`: draws a run as lanes (each guest
 * process, the guest kernel, the VMM, the host kernel, each stub process),
 * time flowing down, with the diverging event or broken invariant in red and
 * its reason as a caption: a counterexample people can look at, the way TLA+
 * and Quint users read a trace. Exit 0 drawn, 2 bad input.
 */
import { lastValue, parseCount } from './args.ts';
import { defineCommand } from './commandSpec.ts';
import { printOrWrite } from './io.ts';
import { DEFAULT_AROUND, fromReplay, fromTrace } from './showSource.ts';
import { showSvg } from './showSvg.ts';

export const showCommand = defineCommand({
  name: 'show',
  summary: 'draw a trace or a saved counterexample as lanes (SVG), the diverging event or broken invariant in red',
  arguments: 'TRACE|REPLAY',
  details: [
    // Broken by hand at 80 columns: help does not wrap details.
    "TRACE is an NDJSON trace ('-' reads standard input), checked against its",
    "variant's spec; REPLAY a counterexample (.replay.json), run again as vmspec",
    'replay does. One lane per guest process, the guest kernel, the VMM, the host',
    'kernel and each stub process; one row per event, time flowing down.',
    'Exit 0 drawn (whatever the verdict), 2 a bad file or option.',
  ].join('\n'),
  options: [
    { flag: '--svg', value: 'FILE', description: "write the SVG there ('-': standard output)" },
    { flag: '--out', value: 'FILE', description: 'the same as --svg' },
    { flag: '--around', value: 'N', description: 'draw N events either side of the divergence (the rest is counted, not drawn)', default: String(DEFAULT_AROUND) },
  ],
  examples: ['show cx.ndjson --svg cx.svg', 'show .vmspec/counterexamples/forgets-reprotect.replay.json --svg cx.svg', 'show trace.ndjson --around 10 --out - > trace.svg'],
}, async (args, io) => {
  const fail = (error: string): number => {
    io.err(`vmspec show: ${error}\n`);
    return 2;
  };
  const [file, extra] = args.positional;
  if (file === undefined || extra !== undefined) return fail('give exactly one trace or replay file (see vmspec show --help)');
  const svg = lastValue(args, '--svg');
  const outValue = lastValue(args, '--out');
  if (svg !== undefined && outValue !== undefined && svg !== outValue) return fail('give one of --svg and --out, not both');
  const out = svg ?? outValue;
  if (out === undefined) return fail("say where to draw: --svg FILE ('-': standard output)");
  const aroundText = lastValue(args, '--around');
  const around = aroundText === undefined ? { ok: true as const, value: DEFAULT_AROUND } : parseCount('--around', aroundText);
  if (!around.ok) return fail(around.error);
  const loaded = file.endsWith('.replay.json') ? await fromReplay(file, around.value) : await fromTrace(file, around.value);
  if (!loaded.ok) return fail(loaded.error);
  const text = showSvg(loaded.model);
  const written = await printOrWrite(io, out === '-' ? undefined : out, text);
  if (written !== null) return fail(written);
  if (out === '-') return 0;
  const { model } = loaded;
  const left = model.before + model.after;
  io.out(`${out}: ${model.rows.length} events drawn${left === 0 ? '' : `, ${left} left out`}; ${model.status}\n`);
  return 0;
});
