import { readGraphBundle, storeBundleFiles, toGraphJson, writeGraphBundle, errorMessage } from '../../core';
import type { GraphBundle } from '../../core';
import type { EditorApp } from '../editor-app';
import { librarySession } from '../library/session';
import { exportFileName } from '../library/file-name';
import type { PluginsSession } from './plugins-session.svelte';
import { unzipInWorker } from './unzip-in-worker';

const BUNDLE_MAX_BYTES = 1024 * 1024 * 1024;

/** Downloads the open graph as `<name>.nfp.zip` with its weights, files and plugin code; returns what happened. */
export async function exportBundle(app: EditorApp): Promise<{ ok: boolean; text: string }> {
  if (!app.storage) return { ok: false, text: 'Browser storage is not open, so the weights and files a bundle carries cannot be read.' };
  try {
    const graph = app.document.graph;
    const bytes = await writeGraphBundle(graph, app.registry, { models: app.storage, assets: app.storage, pluginCode: (id) => app.plugins.code(id) });
    const fileName = exportFileName(graph.name).replace(/\.nfpgraph\.json$/, '.nfp.zip');
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { ok: true, text: `Exported ${fileName} (${(bytes.byteLength / 1024).toFixed(0)} KiB).` };
  } catch (error) {
    return { ok: false, text: errorMessage(error) };
  }
}

/**
 * Opens a bundle: unpacks it in a worker within a budget, verifies every file, asks the user
 * (the Open dialog says what it holds, that it only adds, and that it carries no datasets),
 * and only then stores the weights and files it adds, opens its graph (nodes of plugins not
 * installed as placeholders) and asks consent for each plugin it carries. A damaged, altered,
 * oversized or declined bundle changes nothing.
 */
export async function importBundle(app: EditorApp, plugins: PluginsSession, file: File): Promise<{ ok: boolean; text: string }> {
  if (!app.storage) return { ok: false, text: 'Browser storage is not open, so a bundle\'s weights and files cannot be stored.' };
  if (file.size > BUNDLE_MAX_BYTES) return { ok: false, text: `“${file.name}” is larger than 1 GiB; bundles that large are refused.` };
  try {
    const bundle = await readGraphBundle(new Uint8Array(await file.arrayBuffer()), app.registry, `“${file.name}”`, { unzip: unzipInWorker });
    const library = librarySession(app);
    if (!(await library.confirmations.ask(openQuestion(bundle, file.name, library.hasEdits ? app.document.graph.name : undefined)))) {
      return { ok: true, text: `Did not open ${file.name}; nothing was stored.` };
    }
    const stored = await storeBundleFiles(bundle, app.storage);
    // The Open dialog already said that unsaved changes are discarded: no second question.
    await library.files.openText(toGraphJson(bundle.graph), `“${file.name}”`, { discardConfirmed: true });
    for (const warning of bundle.warnings) app.studio.report('file', warning);
    plugins.ask(bundle.plugins);
    const kept = stored.kept.length > 0 ? `, left ${stored.kept.length} already stored here unchanged` : '';
    return { ok: true, text: `Opened “${bundle.graph.name}” from ${file.name}; stored ${count(stored.added.length, 'new weight file or file', 'new weight files and files')}${kept}. All verified by SHA-256.` };
  } catch (error) {
    return { ok: false, text: errorMessage(error) };
  }
}

/** The Open dialog: what the bundle holds, that it only adds, what it does not carry. */
function openQuestion(bundle: GraphBundle, fileName: string, unsavedGraph: string | undefined) {
  const holds = [count(bundle.models.length, 'weight file'), count(bundle.assets.length, 'file'), count(bundle.plugins.length, 'plugin')].join(', ');
  const datasets = bundle.datasets.length > 0
    ? `Bundles carry no datasets: this graph uses ${count(bundle.datasets.length, 'dataset')}, which must be built again here before training.`
    : 'Bundles carry no datasets (this graph uses none).';
  const edits = unsavedGraph === undefined ? '' : ` “${unsavedGraph}” has unsaved changes; opening discards them.`;
  return {
    title: `Open bundle ${fileName}?`,
    message: `It holds the graph “${bundle.graph.name}”, ${holds}${bundle.plugins.length > 0 ? ' (each asked about before it runs)' : ''}. Opening adds only weights and files this browser lacks; it never replaces stored ones. ${datasets}${edits}`,
    confirmLabel: 'Open',
  };
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
