// Loader hook (node:module register): `vmspec` and `vmspec/<part>` resolve to the running package's
// own entry points, whatever folder the importing plug-in is in. See runtime.mjs.
let entries = {};

export function initialize(data) {
  entries = data.entries;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'vmspec' || specifier.startsWith('vmspec/')) {
    const sub = specifier === 'vmspec' ? '.' : `./${specifier.slice('vmspec/'.length)}`;
    const url = entries[sub];
    // Resolved on through the chain, so tsx (registered before) still sees a .ts entry point.
    if (url !== undefined) return next(url, context);
  }
  return forceModule(await next(specifier, context));
}

// A .ts plug-in written with `import` in a folder whose package.json is missing or says commonjs would be
// compiled as CommonJS, and its `import … from 'vmspec'` would then fail as a require() of ESM: TypeScript
// files of this package and of plug-ins are ES modules.
function forceModule(resolved) {
  if (/\.(ts|tsx)$/.test(resolved.url) && resolved.format !== 'module' && resolved.url.startsWith('file:') && !resolved.url.includes('/node_modules/')) {
    return { ...resolved, format: 'module' };
  }
  return resolved;
}
