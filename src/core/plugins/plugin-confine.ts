import type { AnyNodeDefinition, Tf } from '../graph/node-definition';
import type { TrainingHook } from '../graph/training';
import { pluginTf } from './plugin-tf';

type Ports = Readonly<Record<string, unknown>>;

/**
 * Wraps a plugin node so every hook that gets a context gets a narrowed one: `tf` is
 * {@link pluginTf}, and the read-only stores (`assets`, `models`, `datasets`) are frozen copies,
 * so a plugin can neither reach tfjs internals nor replace a store method other nodes call.
 * With the plugin's module evaluated in a Compartment (plugin-compartment.ts), this context is
 * all the authority its code has.
 */
export function confinePluginNode(definition: AnyNodeDefinition): AnyNodeDefinition {
  const { create, prepare, process, training } = definition;
  return {
    ...definition,
    ...(create ? { create: (ctx: Parameters<NonNullable<AnyNodeDefinition['create']>>[0]) => create.call(definition, narrow(ctx)) } : {}),
    ...(prepare ? { prepare: (ctx: Parameters<NonNullable<AnyNodeDefinition['prepare']>>[0]) => prepare.call(definition, narrow(ctx)) } : {}),
    process: (ctx) => process.call(definition, narrow(ctx)),
    ...(training ? { training: confineTraining(training) } : {}),
  };
}

function confineTraining(hook: TrainingHook): TrainingHook {
  return { ...hook, start: (context) => hook.start(narrow(context)) };
}

function narrow<C extends { readonly tf: Tf }>(ctx: C): C {
  const c = ctx as C & { assets?: object; models?: object; datasets?: object };
  return {
    ...ctx,
    tf: pluginTf(ctx.tf),
    ...('assets' in c && c.assets ? { assets: frozenPorts(c.assets) } : {}),
    ...('models' in c && c.models ? { models: frozenPorts(c.models) } : {}),
    ...('datasets' in c && c.datasets ? { datasets: frozenPorts(c.datasets) } : {}),
  };
}

const portCopies = new WeakMap<object, Ports>();

/** A frozen object with the source's methods bound to it, made once per source. */
function frozenPorts(source: object): Ports {
  let copy = portCopies.get(source);
  if (!copy) {
    const methods: Record<string, unknown> = {};
    for (let o: object | null = source; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      for (const key of Object.getOwnPropertyNames(o)) {
        const value = (source as Record<string, unknown>)[key];
        if (key !== 'constructor' && !(key in methods) && typeof value === 'function') methods[key] = (value as (...a: unknown[]) => unknown).bind(source);
      }
    }
    copy = Object.freeze(methods);
    portCopies.set(source, copy);
  }
  return copy;
}
