import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadExamplePreviews, parsePreviewManifest, previewLine, previewUrl } from '../../../src/ui/library/example-previews';
import type { ExamplePreview } from '../../../src/ui/library/example-previews';

const preview: ExamplePreview = {
  file: 'train-window-demo.webm',
  frames: 120,
  fps: 30,
  width: 128,
  height: 128,
  msPerFrame: 131.46,
  backend: 'webgpu',
  device: 'SwiftShader',
  rendered: '2026-12-07',
};

afterEach(() => vi.unstubAllGlobals());

describe('parsePreviewManifest', () => {
  it('reads each example\'s preview by id', () => {
    const previews = parsePreviewManifest({ version: 1, previews: { 'train-window-demo': preview } });
    expect([...previews]).toEqual([['train-window-demo', preview]]);
  });

  it('drops malformed entries and keeps the rest', () => {
    const previews = parsePreviewManifest({
      version: 1,
      previews: {
        good: preview,
        'no-speed': { ...preview, msPerFrame: undefined },
        'zero-size': { ...preview, width: 0 },
        'elsewhere': { ...preview, file: '../secrets.webm' },
        'not-video': { ...preview, file: 'x.png' },
        'null': null,
      },
    });
    expect([...previews.keys()]).toEqual(['good']);
  });

  it('reads nothing from another version or from something that is not a manifest', () => {
    expect(parsePreviewManifest({ version: 2, previews: { a: preview } }).size).toBe(0);
    expect(parsePreviewManifest([]).size).toBe(0);
    expect(parsePreviewManifest(null).size).toBe(0);
  });
});

describe('loadExamplePreviews', () => {
  it('fetches the manifest under the base URL', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(url);
      return Promise.resolve(Response.json({ version: 1, previews: { demo: preview } }));
    });
    const previews = await loadExamplePreviews('/studio/');
    expect(fetched).toEqual(['/studio/examples/previews.json']);
    expect(previews.get('demo')).toEqual(preview);
    expect(previewUrl('/studio/', preview)).toBe('/studio/examples/train-window-demo.webm');
  });

  it('gives no previews when the app ships none or the manifest is not JSON', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('missing', { status: 404 })));
    expect((await loadExamplePreviews('/')).size).toBe(0);
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>')));
    expect((await loadExamplePreviews('/')).size).toBe(0);
  });
});

describe('previewLine', () => {
  it('says the frame size and the speed with its backend and device', () => {
    expect(previewLine(preview)).toBe('128×128 · 131 ms/frame on webgpu (SwiftShader)');
    expect(previewLine({ ...preview, msPerFrame: 42.25, device: undefined, backend: 'cpu' })).toBe('128×128 · 42.3 ms/frame on cpu');
  });
});
