/**
 * The host probe and the calibration format (issue 7): what `vmspec calibrate`
 * measures, the `calibration.json` codec, and the documented defaults.
 */
export { Calibration, CompositeCost, FitCost, HostDescription, PointCost, decodeCalibration, parseCalibration } from './calibration.ts';
export type { CompositeName, FitOp, PointOp } from './calibration.ts';
export { loadDefaultCalibration, DEFAULT_CALIBRATION_URL } from './defaultCalibration.ts';
export { buildCalibration, defaultsOnly, defaultsOrigin } from './buildCalibration.ts';
export { formatCalibration } from './formatCalibration.ts';
export { describeHost } from './hostDescription.ts';
export { linearFit, type FitPoint, type FitWeighting, type LinearFit } from './linearFit.ts';
export { runProbe, PROBE_SOURCE, type ProbeFailure, type ProbeOptions } from './runProbe.ts';
export { ProbeOutput } from './probeOutput.ts';
