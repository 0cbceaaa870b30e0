import { BundleError, readGraphBundle, storeBundleFiles, toGraphJson, writeGraphBundle } from '../../core';
import type { EditorApp } from '../editor-app';
import { librarySession } from '../library/library-session.svelte';
import { exportFileName } from '../library/file-name';
import type { PluginsSession } from './plugins-session.svelte';

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
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Opens a bundle: verifies every file, stores its weights and files, opens its graph (nodes of
 * plugins not installed as placeholders), then asks consent for each plugin it carries.
 * A damaged or altered bundle changes nothing.
 */
export async function importBundle(app: EditorApp, plugins: PluginsSession, file: File): Promise<{ ok: boolean; text: string }> {
  if (!app.storage) return { ok: false, text: 'Browser storage is not open, so a bundle\'s weights and files cannot be stored.' };
  if (file.size > BUNDLE_MAX_BYTES) return { ok: false, text: `“${file.name}” is larger than 1 GiB; bundles that large are refused.` };
  try {
    const bundle = await readGraphBundle(new Uint8Array(await file.arrayBuffer()), app.registry, `“${file.name}”`);
    // Stored before the graph opens, so its nodes find their weights; content-addressed, so harmless if the user then keeps the open graph.
    await storeBundleFiles(bundle, app.storage);
    if (!(await librarySession(app).openGraphText(toGraphJson(bundle.graph), `“${file.name}”`))) {
      return { ok: true, text: 'Kept the open graph; the bundle\'s weights and files were stored, its graph was not opened.' };
    }
    for (const warning of bundle.warnings) app.studio.report('file', warning);
    plugins.ask(bundle.plugins);
    const parts = [`${bundle.models.length} weight file${bundle.models.length === 1 ? '' : 's'}`, `${bundle.assets.length} file${bundle.assets.length === 1 ? '' : 's'}`];
    return { ok: true, text: `Opened “${bundle.graph.name}” from ${file.name}; stored ${parts.join(' and ')}, all verified by SHA-256.` };
  } catch (error) {
    return { ok: false, text: error instanceof BundleError || error instanceof Error ? error.message : String(error) };
  }
}
