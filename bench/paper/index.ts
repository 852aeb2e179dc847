/**
 * The paper's evaluation reproduced from the cost model (issue 7): calibration
 * → costs, the composites predicted from single operations, the
 * microbenchmarks and real workloads under the presets and native, and the
 * report (tables, JSON, SVG) of `vmspec bench paper`.
 */
export { costsFromCalibration, PAPER_GUEST_TIMING, RAISE_SYSCALLS, type GuestTiming } from './costsFromCalibration.ts';
export { compositeCounters, predictComposites, type CompositeCheck } from './predictComposites.ts';
export { MICROBENCHMARKS, pipeTransfer, TRANSFER_WORDS, WORD_BYTES, type Microbenchmark } from './microbenchmarks.ts';
export { loadRealWorkloads, type RealWorkload } from './realWorkloads.ts';
export { eventRatios, microRow, realRow, runPaperBench, PAPER_DISK_LATENCY, PAPER_TIMER_INTERVAL } from './runPaperBench.ts';
export { COLUMNS, PRESETS, type Cell, type Column, type EventRatios, type PaperResult, type Preset, type WorkloadRow } from './paperResult.ts';
export { alignTable, figure, formatCompositeTable, formatEventTable, formatPaperReport, formatTimeTable } from './formatPaperTable.ts';
export { overheadChart } from './overheadChart.ts';
