/**
 * Wraps a plug-in's strategies so that whatever their code throws carries its
 * origin (`plug-in systrap: mediation hook syscallEnter threw: …`): a property
 * run reports a throwing plug-in as such, not as an emulator failure. The
 * hooks a mediation installs into the host kernel are wrapped too.
 */
import type {
  AddressSpaceLimits, AddressSpaceManager, AddressSpaceStrategy, HostKernel, MediationStrategy, ModuleHook, ProtectionStrategy, Tracer,
} from '../impl/index.ts';

/** An error thrown by plug-in code, tagged with where. */
export class PluginThrew extends Error {}

type AnyFunction = (...args: never[]) => unknown;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `f`, reporting a throw as `plug-in NAME: WHERE threw: …`. */
export function attributed<F extends AnyFunction>(plugin: string, where: string, f: F): F {
  return ((...args: Parameters<F>) => {
    try {
      return f(...args);
    } catch (error) {
      if (error instanceof PluginThrew) throw error;
      throw new PluginThrew(`plug-in ${plugin}: ${where} threw: ${message(error)}`);
    }
  }) as F;
}

function wrapAll<T extends object>(plugin: string, prefix: string, target: T, keys: readonly (keyof T & string)[]): T {
  const out = { ...target };
  for (const key of keys) {
    const f = target[key];
    if (typeof f === 'function') (out as Record<string, unknown>)[key] = attributed(plugin, `${prefix}.${key}`, (f as AnyFunction).bind(target));
  }
  return out;
}

/** The host kernel as a plug-in mediation sees it: hooks it installs are attributed. */
function attributedHost(plugin: string, host: HostKernel): HostKernel {
  return new Proxy(host, {
    get(target, key) {
      if (key === 'loadModule') {
        return (hook: ModuleHook) => target.loadModule(wrapAll(plugin, 'mediation module hook', hook, ['syscallEnter', 'signalDelivery']));
      }
      if (key === 'attachTracer') {
        return (tracer: Tracer) => target.attachTracer(wrapAll(plugin, 'mediation tracer', tracer, ['syscallEnter', 'syscallExit', 'signalStop']));
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as AnyFunction).bind(target) : value;
    },
  });
}

/** A mediation whose install and installed hooks are attributed. */
export function attributedMediation<M extends MediationStrategy>(plugin: string, mediation: M): M {
  const installed = { ...mediation, install: attributed(plugin, 'mediation.install', (host: HostKernel, context) => mediation.install(attributedHost(plugin, host), context)) };
  return wrapAll(plugin, 'mediation', installed, ['reset']);
}

/** A protection whose boot, lift, protect and reset are attributed. */
export function attributedProtection<P extends ProtectionStrategy>(plugin: string, protection: P): P {
  return wrapAll(plugin, 'protection', protection, ['boot', 'lift', 'protect', 'reset']);
}

/** An address-space strategy whose managers' methods are attributed. */
export function attributedAddressSpaces<A extends AddressSpaceStrategy>(plugin: string, spaces: A): A {
  const create = attributed(plugin, 'addressSpaces.create', (limits?: AddressSpaceLimits) => spaces.create(limits));
  return wrapAll(plugin, 'addressSpaces', {
    ...spaces,
    create: (limits?: AddressSpaceLimits): AddressSpaceManager =>
      wrapAll(plugin, 'addressSpaces manager', create(limits), ['processCreated', 'processGone', 'switchTo']),
  }, ['reset']);
}
