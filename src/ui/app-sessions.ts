/** Names one kind of editor session and the type it holds. */
export interface SessionKey<T> {
  readonly name: string;
  /** Carries T for the type checker only; never set. */
  readonly type?: T;
}

export function sessionKey<T>(name: string): SessionKey<T> {
  return { name };
}

/**
 * The editor's sessions (library, datasets, plugins, media, stylize, the canvas link), held by
 * the one app object the composition root builds: made on first use, so a panel and a dialog
 * that need the same session share it, and nothing lives beside the app in module-level maps.
 */
export class AppSessions {
  readonly #held = new Map<SessionKey<unknown>, unknown>();

  /** The session `key` names, made by `make` on first use. */
  get<T>(key: SessionKey<T>, make: () => T): T {
    if (!this.#held.has(key)) this.#held.set(key, make());
    return this.#held.get(key) as T;
  }

  /** The session `key` names if one is held now. */
  peek<T>(key: SessionKey<T>): T | undefined {
    return this.#held.get(key) as T | undefined;
  }

  /** Holds `value` under `key` (undefined lets it go), for sessions a component opens and closes. */
  set<T>(key: SessionKey<T>, value: T | undefined): void {
    if (value === undefined) this.#held.delete(key);
    else this.#held.set(key, value);
  }
}
