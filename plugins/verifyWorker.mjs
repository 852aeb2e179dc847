// Bootstrap of the verify worker thread: TypeScript (the worker and any .ts plug-in) runs through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
await import('./verifyWorker.ts');
