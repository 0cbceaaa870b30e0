/// <reference types="ses" />
import type { ModuleImporter } from './plugin-loader';

/**
 * Evaluates a plugin's module in its own SES Compartment: its globals are the frozen JavaScript
 * intrinsics plus a console, and nothing else (no fetch, IndexedDB, DOM, crypto, timers, tfjs);
 * everything else it can reach comes through its node context, narrowed by plugin-confine.ts.
 * Needs `lockdown()` to have run first (src/lockdown-first.ts in the app); until then it refuses.
 *
 * The module is run as the body of an async function: a plugin file imports nothing and its only
 * module syntax is its default export, which is rewritten to a `return`. That rewrite is no
 * security boundary (the Compartment is): text it misreads fails to load, it cannot escape.
 * @example
 * new PluginHost({ registry, library, importModule: importInCompartment });
 */
export const importInCompartment: ModuleImporter = async (code) => {
  if (typeof Compartment !== 'function' || !Object.isFrozen(Object.prototype)) {
    throw new Error('plugins run only after lockdown(); the studio calls it before anything else');
  }
  const compartment = new Compartment({ globals: { console: pluginConsole }, __options__: true });
  const exported: unknown = await compartment.evaluate(moduleAsFunctionBody(code));
  return { default: exported };
};

const pluginConsole = Object.freeze({
  log: (...args: unknown[]) => console.log(...args),
  info: (...args: unknown[]) => console.info(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => console.error(...args),
  debug: (...args: unknown[]) => console.debug(...args),
});

const EXPORT_LIST = /^export\s*\{([^}]*)\}\s*;?\s*$/;
const AS_DEFAULT = /^([A-Za-z_$][\w$]*)\s+as\s+default$/;
const EXPORT_DEFAULT = /^export\s+default\s+/;
const MODULE_SYNTAX = /^\s*(?:export|import)\b(?!\s*\()/;

/**
 * `export { x as default };` or `export { helper, x as default };` (what `npm run build-plugin` writes) or `export default …`, turned
 * into a script that returns the default export. Any other import or export is refused.
 * @throws Error naming the line.
 */
export function moduleAsFunctionBody(code: string): string {
  let result: string | undefined;
  const lines = code.split('\n').map((line, index) => {
    const list = EXPORT_LIST.exec(line);
    // The bundler's one export list; names other than the default are dropped (the app reads only the default).
    const named = list?.[1]!.split(',').map((entry) => AS_DEFAULT.exec(entry.trim())).find((match) => match);
    if (named) {
      if (result) throw new Error(`line ${index + 1} exports a second default`);
      result = named[1]!;
      return '';
    }
    if (EXPORT_DEFAULT.test(line)) {
      if (result) throw new Error(`line ${index + 1} exports a second default`);
      result = '__pluginDefault';
      return line.replace(EXPORT_DEFAULT, 'const __pluginDefault = ');
    }
    if (MODULE_SYNTAX.test(line)) throw new Error(`line ${index + 1} imports or exports something other than the default export ("${line.trim().slice(0, 60)}")`);
    return line;
  });
  if (!result) throw new Error('the module has no default export');
  return `(async () => {\n${lines.join('\n')}\nreturn ${result};\n})()`;
}
