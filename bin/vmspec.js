#!/usr/bin/env node
// Entry point of the `vmspec` command: the sources through tsx in a clone, the compiled dist/ when installed.
import { moduleUrl, setUpLoader } from './runtime.mjs';

setUpLoader();
const { runProcess } = await import(moduleUrl('cli/main').href);
process.exitCode = await runProcess();
