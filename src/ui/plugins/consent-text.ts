import type { InstalledPlugin, PluginCandidate } from '../../core';

/** What the consent dialog says about a candidate, given what is installed. */
export interface ConsentText {
  /** The dialog's accessible name and heading: "Install plugin?" or "Replace plugin?". */
  readonly title: string;
  readonly heading: string;
  /** One sentence: what installing does to what is installed now. */
  readonly effect: string;
  readonly replaces: boolean;
}

/** The first 12 hex digits: enough to tell two builds apart at a glance. */
export const shortSha = (sha256: string): string => sha256.slice(0, 12);

/**
 * The consent dialog's wording for `candidate`. Installing replaces a plugin of the same id,
 * whatever its version or build, so when one is installed the dialog says exactly which build
 * goes and which comes; a bundle must not swap a trusted plugin under a "fresh install" dialog.
 * @example
 * consentText(candidate, [kaleidoscope100]).effect
 * // 'Replaces installed kaleidoscope 1.0.0 (sha 3f2a…) with kaleidoscope 1.0.1 (sha 9b1c…).'
 */
export function consentText(candidate: PluginCandidate, installed: readonly InstalledPlugin[]): ConsentText {
  const { id, version } = candidate.manifest;
  const current = installed.find((p) => p.id === id);
  if (!current) {
    return { title: 'Install plugin?', heading: `Install plugin “${id}”?`, effect: `New plugin: no plugin “${id}” is installed, nothing is replaced.`, replaces: false };
  }
  const state = current.status === 'active' ? '' : ` (${current.status})`;
  return {
    title: 'Replace plugin?',
    heading: `Replace plugin “${id}”?`,
    effect: `Replaces installed ${current.id} ${current.version}${state} (sha ${shortSha(current.sha256)}) with ${id} ${version} (sha ${shortSha(candidate.sha256)}).`,
    replaces: true,
  };
}
