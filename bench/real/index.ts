/**
 * A real type-2 VMM as the outside reference (issue 13): User-Mode Linux
 * booted on a root built at run time, its tracer recorded with strace and
 * parsed into raw VMM operations, and timed without a tracer.
 */
export { RAW_VMM_OP_KINDS, type RawVmmOp, type RawVmmOpKind } from './rawVmmOp.ts';
export { buildRoot, defaultBusybox, defaultCc, UML_WORKLOADS, WORKLOAD_ITERATION, type GuestRoot, type RootOptions, type UmlWorkload } from './rootBuilder.ts';
export { defaultUml, detectUmlHost, isStaticElf, type HostOptions } from './detectUmlHost.ts';
export { findProgram } from './findProgram.ts';
export { bootProbe, modeArgs, STUB_MODES, umlKernelInfo, type StubMode, type UmlKernel } from './umlKernel.ts';
export { defaultUmlPrefix, selectedKernel, setupUml, type SetupOptions, type UmlSelection } from './umlSetup.ts';
export { bootUml, bootFailure, STRACE_FLAGS, type Boot, type BootOptions } from './bootUml.ts';
export { collectOps, parseUmlStraceLines, parseUmlStraceLog, RawLogError, type ParseOptions } from './parseUmlStraceLog.ts';
export { parseUmlLine } from './umlStraceLine.ts';
export { recordUml, type Marker, type RecordFailure, type RecordOptions, type UmlRecording } from './recordUml.ts';
export { timeTwoLengths, timeUml, type TimedRun, type TimeOptions, type UmlTiming } from './timeUml.ts';
export { countPerfTrace, detectGvisorHost, GVISOR_WORKLOADS, runGvisor } from './gvisor.ts';
export { countOps, opClass, perIteration, registerTransfers, type OpCounts } from './summarizeOps.ts';
export { countTicks, withoutTimerTicks } from './timerTicks.ts';
export { elfImage, imageOfSegments } from './elfImage.ts';
export { convertRawLines, convertRawLog, logInfo, readLogLines, type ConvertedLog, type RawLogInfo } from './convertRawLog.ts';
export { seccompCounts, seccompLineClass } from './seccompLog.ts';
