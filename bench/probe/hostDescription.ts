/**
 * Describes the machine a calibration was measured on: CPU model, cores,
 * kernel release, Node version and the date, so a calibration file says
 * where its numbers hold.
 */
import { cpus, release, arch, platform } from 'node:os';
import type { HostDescription } from './calibration.ts';

/** The current host, with `compiler` the probe was built with (null when nothing was measured). */
export function describeHost(compiler: string | null, now: Date = new Date()): HostDescription {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() || 'unknown',
    cores: cpuList.length,
    kernelRelease: release(),
    platform: platform(),
    arch: arch(),
    nodeVersion: process.version,
    date: now.toISOString(),
    compiler,
  };
}
