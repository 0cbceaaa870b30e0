/**
 * Safe mode: a start that loads no plugin, so no plugin can stop the studio from opening.
 * Asked for with `?safe` in the URL, or offered on the boot screen when the previous start
 * never reached the UI (a plugin that loops forever at its top level cannot be timed out: it
 * holds the page's only thread, so the way out has to come before plugins load).
 */
import { showBootQuestion } from '../boot-question';

/** Set before plugins load, cleared once the UI is up; still there at the next start means that start did not finish. */
export const STARTING_KEY = 'nfp-studio-starting';

type MarkerStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage, or nothing where the browser refuses it (then there is no offer, `?safe` still works). */
function defaultStore(): MarkerStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function markStarting(store = defaultStore()): void {
  try {
    store?.setItem(STARTING_KEY, String(Date.now()));
  } catch {
    // Storage full or refused: the offer after a failed start is lost, nothing else.
  }
}

export function markStarted(store = defaultStore()): void {
  try {
    store?.removeItem(STARTING_KEY);
  } catch {
    // As above.
  }
}

export function startWasInterrupted(store = defaultStore()): boolean {
  try {
    return store?.getItem(STARTING_KEY) != null;
  } catch {
    return false;
  }
}

/** `href` with `?safe` added (or removed, to leave safe mode). */
export function withSafeMode(href: string, safe: boolean): string {
  const url = new URL(href);
  if (safe) url.searchParams.set('safe', '');
  else url.searchParams.delete('safe');
  return url.href.replace(/([?&])safe=(&|$)/, '$1safe$2');
}

/**
 * Whether this start loads no plugin: `?safe`, or the user's answer on the boot screen when the
 * last start did not finish and there are plugins to blame. Choosing safe mode there puts
 * `?safe` in the address, so a reload stays safe and the "Leave safe mode" button means what it says.
 */
export async function choosePluginStart(params: URLSearchParams, boot: HTMLElement, hasPlugins: () => Promise<boolean>, store = defaultStore()): Promise<boolean> {
  if (params.has('safe')) return true;
  if (!startWasInterrupted(store) || !(await hasPlugins().catch(() => false))) return false;
  const safe = await askOnBootScreen(boot);
  if (safe) history.replaceState(history.state, '', withSafeMode(location.href, true));
  return safe;
}

function askOnBootScreen(boot: HTMLElement): Promise<boolean> {
  const previous = [...boot.childNodes];
  return new Promise((resolve) => {
    const answer = (value: boolean) => () => {
      boot.replaceChildren(...previous);
      resolve(value);
    };
    showBootQuestion(boot, 'The last start did not finish',
      'The studio did not finish starting last time; an installed plugin may have stopped it. Start in safe mode to open it without loading any plugin (you can disable or remove the plugin there).',
      [{ label: 'Start in safe mode', onclick: answer(true) }, { label: 'Start normally', onclick: answer(false) }]);
  });
}
