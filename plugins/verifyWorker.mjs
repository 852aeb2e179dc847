// Bootstrap of the verify worker thread: the same loader set-up as the `vmspec` command (bin/runtime.mjs),
// found from here in a clone (plugins/) and in an installed package (dist/plugins/).
import { existsSync } from 'node:fs';

let root = new URL('..', import.meta.url);
if (!existsSync(new URL('bin/runtime.mjs', root))) root = new URL('..', root);
const { moduleUrl, setUpLoader } = await import(new URL('bin/runtime.mjs', root).href);
setUpLoader();
await import(moduleUrl('plugins/verifyWorker').href);
