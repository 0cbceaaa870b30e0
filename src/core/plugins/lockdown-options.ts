import type { LockdownOptions } from 'ses';

/**
 * The one `lockdown()` the studio runs (src/lockdown-first.ts), and that tests and the sandbox
 * bench run to stand where the app stands. `localeTaming: 'unsafe'` keeps the browser's
 * `toLocaleString` (the app writes counts as "5,000 frames"); the error, console and stack
 * options keep the app's own error reports readable. None of them gives a compartment more
 * globals (docs/plugins.md, "Decisions").
 */
export const STUDIO_LOCKDOWN: LockdownOptions = {
  errorTaming: 'unsafe', consoleTaming: 'unsafe', stackFiltering: 'verbose', overrideTaming: 'severe', evalTaming: 'unsafe-eval', localeTaming: 'unsafe',
};
