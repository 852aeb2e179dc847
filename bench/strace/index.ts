/**
 * Real workloads recorded with strace (issue 7): the parser, the committed
 * logs, and the intermediate form a converter turns into emulator workloads.
 */
export type {
  ExecEvent, ExitCallEvent, IoEvent, OtherEvent, ProcessEnd, ProcessEvent, SignalEvent, SpawnEvent, StraceWorkload, SyscallBase,
  SyscallEvent, TracedProcess,
} from './straceWorkload.ts';
export { DEFAULT_BLOCKING_THRESHOLD_US, parseStrace } from './parseStrace.ts';
export { parseStraceLine, type StraceLine } from './straceLine.ts';
export { readStraceLog, RECORDED_LOGS } from './readStraceLog.ts';
export { summarizeWorkload, type WorkloadSummary } from './summarizeWorkload.ts';
