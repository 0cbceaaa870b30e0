import type { Tf } from '../graph/node-definition';

/**
 * Names in the tfjs namespace that reach past tensor maths: the engine and its backends, global
 * registries (kernels, gradients, serialisable classes, model stores), the environment (whose
 * `global` is the page), and loaders that fetch or touch storage. A plugin's `tf` has none of them.
 * A denylist, not an allowlist, so every op tfjs adds stays usable; see docs/plugins.md.
 */
const WITHHELD = new Set([
  'engine', 'env', 'ENV', 'Environment', 'setBackend', 'backend', 'registerBackend', 'removeBackend', 'findBackend', 'findBackendFactory',
  'setPlatform', 'disposeVariables', 'enableDebugMode', 'enableProdMode', 'disableDeprecationWarnings', 'deprecationWarn',
  'registerKernel', 'unregisterKernel', 'getKernel', 'getKernelsForBackend', 'copyRegisteredKernels', 'registerGradient', 'unregisterGradient', 'getGradient',
  'registerOp', 'registerCallbackConstructor', 'serialization', 'io', 'data', 'util', 'browser', 'device_util', 'kernel_impls', 'backend_util',
  'webgl', 'webgpu', 'gpgpu_util', 'nextFrame', 'profile', 'loadLayersModel', 'loadGraphModel', 'loadGraphModelSync', 'GraphModel',
]);

const facades = new WeakMap<object, Tf>();

/**
 * The `tf` a plugin node sees: the app's tfjs ops, tensors, layers and optimisers, without the
 * names in {@link WITHHELD}. Model loading takes an in-memory handler only (`tf.io.fromMemory`),
 * never a URL; `tf.io` keeps only in-memory handlers and the weight (de)serialisers. Frozen, as are the tensor prototypes, so a plugin cannot patch what other nodes use.
 * @example
 * process: (ctx) => original.process({ ...ctx, tf: pluginTf(ctx.tf) })
 */
export function pluginTf(tf: Tf): Tf {
  let facade = facades.get(tf);
  if (!facade) {
    facade = buildFacade(tf);
    facades.set(tf, facade);
  }
  return facade;
}

function buildFacade(tf: Tf): Tf {
  const facade: Record<string, unknown> = {};
  for (const key of Object.keys(tf)) {
    if (!WITHHELD.has(key)) facade[key] = (tf as unknown as Record<string, unknown>)[key];
  }
  const inMemory = (handler: unknown) => {
    if (typeof handler !== 'object' || handler === null) throw new TypeError('a plugin loads models from memory only: pass tf.io.fromMemory(artifacts), not a URL');
    return handler;
  };
  // In-memory handlers and the pure weight (de)serialisers a checkpoint needs (the training kit's codec); no URL, no storage.
  facade.io = Object.freeze({
    fromMemory: tf.io.fromMemory, fromMemorySync: tf.io.fromMemorySync, withSaveHandler: tf.io.withSaveHandler, withSaveHandlerSync: tf.io.withSaveHandlerSync,
    encodeWeights: tf.io.encodeWeights, decodeWeights: tf.io.decodeWeights, CompositeArrayBuffer: tf.io.CompositeArrayBuffer,
  });
  facade.loadLayersModel = (handler: Parameters<Tf['loadLayersModel']>[0], options?: Parameters<Tf['loadLayersModel']>[1]) => tf.loadLayersModel(inMemory(handler) as typeof handler, options);
  facade.loadGraphModel = (handler: Parameters<Tf['loadGraphModel']>[0], options?: Parameters<Tf['loadGraphModel']>[1]) => tf.loadGraphModel(inMemory(handler) as typeof handler, options);
  // Plain objects of the namespace (tf.train, tf.losses…) are shared with the app: freeze them shallowly.
  for (const value of Object.values(facade)) {
    if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) Object.freeze(value);
  }
  for (const cls of [tf.Tensor, tf.Variable]) {
    Object.freeze(cls.prototype);
  }
  return Object.freeze(facade) as unknown as Tf;
}
