/**
 * Checker benchmark: events/s of `vmspec conform` on a generated 1M-event
 * trace (the umlinux null syscall, repeated), next to the raw rate of reading
 * and JSON.parse-ing the same file line by line (the practical limit), and
 * next to a naive checker (io-ts decode, then one XState actor per machine fed
 * with `send()`); then peak memory while checking a 10M-event trace.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createActor } from 'xstate';
import { bootToUser, nullSyscall, PRESETS, variantComponents, type Variant } from '../spec/index.ts';
import { conformFile, fileLineBatches, formatEventLine, formatHeaderLine, toEvent, traceRecordCodec, type TraceHeader, type Verdict } from '../traces/index.ts';

const EVENTS = 1_000_000;
const BIG_EVENTS = 10_000_000;
const NAIVE_EVENTS = 50_000;
const REPEATS = 3;

/** Writes a trace of `count` events (boot, then null syscalls) to `path`, streaming, from line templates. */
async function writeNullSyscallTrace(path: string, variant: Variant, count: number): Promise<void> {
  const head = bootToUser(variant);
  const cycle = nullSyscall(variant).slice(head.length);
  // Each line without its `{"seq":N,` prefix; the sequence number is spliced in.
  const tail = (event: Parameters<typeof formatEventLine>[1]): string => formatEventLine(1, event).slice('{"seq":1,'.length);
  const headTails = head.map(tail);
  const cycleTails = cycle.map(tail);
  const header: TraceHeader = {
    format: 'vmspec-trace', version: 2, variant: 'umlinux', workload: `bench/null-syscall-loop/${count}`, seed: null,
    emulator: 'none: bench/checkerBench.ts', complete: false,
  };
  const stream = createWriteStream(path);
  let buffer = `${formatHeaderLine(header)}\n`;
  for (let seq = 1; seq <= count; seq++) {
    const i = seq - 1;
    const rest = i < headTails.length ? headTails[i]! : cycleTails[(i - headTails.length) % cycleTails.length]!;
    buffer += `{"seq":${seq},${rest}\n`;
    if (buffer.length >= 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.end(buffer);
  await finished(stream);
}

/** Lines read and JSON-parsed per second: the practical limit of any checker. */
async function rawParse(path: string): Promise<number> {
  let lines = 0;
  let sink = 0;
  for await (const batch of fileLineBatches(path)) {
    for (const text of batch) {
      const value = JSON.parse(text) as { seq?: number };
      sink += value.seq === undefined ? 0 : 1;
      lines++;
    }
  }
  if (sink !== lines - 1) throw new Error('bench: unexpected raw parse result');
  return lines - 1;
}

/** The naive checker: io-ts decode of each line, then every listening XState actor must `can()` it before `send()`. */
async function naiveCheck(path: string, variant: Variant, limit: number): Promise<number> {
  const components = variantComponents(variant);
  const actors = components.map((component) => createActor(component.machine, { input: { version: 2 } }).start());
  let events = 0;
  let first = true;
  outer: for await (const batch of fileLineBatches(path)) {
    for (const text of batch) {
      if (first) {
        first = false;
        continue;
      }
      const decoded = traceRecordCodec.decode(JSON.parse(text) as unknown);
      if (decoded._tag === 'Left') throw new Error('bench: naive decode failed');
      const event = toEvent(decoded.right);
      components.forEach((component, i) => {
        if (!component.alphabet.includes(event.type)) return;
        const actor = actors[i]!;
        if (!actor.getSnapshot().can(event)) throw new Error(`bench: naive checker rejects event ${events + 1}`);
        actor.send(event);
      });
      if (++events >= limit) break outer;
    }
  }
  actors.forEach((actor) => actor.stop());
  return events;
}

/** What the child process reports. */
interface ChildFigures {
  readonly events: number;
  readonly ms: number;
  readonly maxRss: number;
  readonly peakHeap: number;
}

const isFigures = (u: unknown): u is ChildFigures =>
  typeof u === 'object' && u !== null && ['events', 'ms', 'maxRss', 'peakHeap'].every((key) => typeof (u as Record<string, unknown>)[key] === 'number');

/**
 * Checks `path` in a fresh Node process (so its peak RSS is the checker's
 * alone, loader included) and reports time, peak RSS and sampled peak heap.
 */
async function checkInChild(path: string): Promise<{ readonly ok: true; readonly figures: ChildFigures } | { readonly ok: false; readonly error: string }> {
  // Beside this module: index.ts in a clone, index.js in the compiled package.
  const traces = new URL(`../traces/index${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url).href;
  const code = [
    `const { conformFile } = await import(${JSON.stringify(traces)});`,
    'let peakHeap = 0;',
    'const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 10);',
    'const start = performance.now();',
    'const verdict = await conformFile(process.argv[1]);',
    'const ms = performance.now() - start;',
    'clearInterval(sampler);',
    "const events = verdict.kind === 'conforms' ? verdict.events : -1;",
    'console.log(JSON.stringify({ events, ms, maxRss: process.resourceUsage().maxRSS * 1024, peakHeap }));',
  ].join('\n');
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx/esm'), '--input-type=module', '-e', code, path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const [exitCode] = (await once(child, 'close')) as [number | null];
  if (exitCode !== 0) return { ok: false, error: `child exited ${exitCode}: ${stderr.trim().slice(0, 500)}` };
  let report: unknown;
  try {
    report = JSON.parse(stdout.trim());
  } catch {
    return { ok: false, error: `child printed no report: ${stdout.slice(0, 200)}` };
  }
  return isFigures(report) ? { ok: true, figures: report } : { ok: false, error: `unexpected child report: ${stdout.slice(0, 200)}` };
}

async function timed<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

async function best(work: () => Promise<number>): Promise<{ readonly events: number; readonly perSecond: number }> {
  let top = 0;
  let events = 0;
  for (let r = 0; r < REPEATS; r++) {
    const run = await timed(work);
    events = run.value;
    top = Math.max(top, (run.value / run.ms) * 1000);
  }
  return { events, perSecond: top };
}

const mps = (perSecond: number): string => `${(perSecond / 1e6).toFixed(2)} M events/s`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function expectConforms(verdict: Verdict, events: number): number {
  if (verdict.kind !== 'conforms' || verdict.events !== events) throw new Error(`bench: generated trace does not conform: ${JSON.stringify(verdict).slice(0, 300)}`);
  return verdict.events;
}

/** Prints the checker figures. */
export async function checkerBench(out: (line: string) => void): Promise<void> {
  const variant = PRESETS.umlinux;
  const dir = await mkdtemp(join(tmpdir(), 'vmspec-checker-bench-'));
  try {
    const path = join(dir, 'null-syscalls-1M.ndjson');
    await writeNullSyscallTrace(path, variant, EVENTS);
    out(`checker: umlinux null-syscall loop, ${EVENTS.toLocaleString('en')} events, ${mb((await stat(path)).size)} on disk; best of ${REPEATS}`);
    const raw = await best(() => rawParse(path));
    const checker = await best(async () => expectConforms(await conformFile(path), EVENTS));
    const naive = await best(() => naiveCheck(path, variant, NAIVE_EVENTS));
    out(`  read + JSON.parse (limit)     ${mps(raw.perSecond)}`);
    out(`  vmspec conform (tables)       ${mps(checker.perSecond)}  = ${((100 * checker.perSecond) / raw.perSecond).toFixed(0)}% of the limit (goal >= 50%)`);
    out(`  naive (io-ts + XState actors) ${mps(naive.perSecond)}  on the first ${naive.events.toLocaleString('en')} events; checker is ${(checker.perSecond / naive.perSecond).toFixed(1)}x faster (goal >= 5x)`);
    await rm(path);

    const bigPath = join(dir, 'null-syscalls-10M.ndjson');
    await writeNullSyscallTrace(bigPath, variant, BIG_EVENTS);
    const size = (await stat(bigPath)).size;
    const big = await checkInChild(bigPath);
    if (!big.ok) throw new Error(`bench: ${big.error}`);
    const { events, ms, maxRss, peakHeap } = big.figures;
    if (events !== BIG_EVENTS) throw new Error(`bench: the 10M trace checked as ${events} events`);
    out(`  10M events (${mb(size)} file), fresh process: ${mps((events / ms) * 1000)}; peak RSS ${mb(maxRss)} (whole process), peak heap ${mb(peakHeap)} (goal: peak < 200 MB)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
