import type { AssetInfo, AssetKind } from '../../core';

/** What a file picker for `kind` offers: the containers the decoder reads, or any image. */
export function acceptFor(kind: AssetKind): string {
  return kind === 'video' ? 'video/webm,video/mp4,.webm,.mp4,.mov,.mkv' : 'image/*';
}

/** An image sequence is picked as several images at once. */
export function pickMany(kind: AssetKind): boolean {
  return kind === 'image-sequence';
}

const CODEC_NAMES: Readonly<Record<string, string>> = {
  vp8: 'VP8', vp9: 'VP9', av1: 'AV1', avc: 'H.264', h264: 'H.264', hevc: 'H.265', h265: 'H.265',
};

/** `vp09.00.10.08` or `vp9` → `VP9`; unknown codecs are shown as stored. */
export function codecLabel(codec: string): string {
  const lower = codec.toLowerCase();
  const exact = CODEC_NAMES[lower];
  if (exact) return exact;
  if (lower.startsWith('vp09')) return 'VP9';
  if (lower.startsWith('vp8')) return 'VP8';
  if (lower.startsWith('av01')) return 'AV1';
  if (lower.startsWith('avc1') || lower.startsWith('avc3')) return 'H.264';
  if (lower.startsWith('hvc1') || lower.startsWith('hev1')) return 'H.265';
  return codec;
}

function number(meta: AssetInfo['meta'], key: string): number | undefined {
  const value = meta?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** `29.97002997` → `29.97`; `30` → `30`. */
function fps(rate: number): string {
  return String(Math.round(rate * 100) / 100);
}

/**
 * The probed facts of a stored file in one line, e.g. `795 frames · 256×192 · VP9 · 30 fps`
 * for a clip, `640×480 · PNG` for an image, `24 images · 64×64` for a sequence. Facts the
 * import did not record are left out.
 */
export function describeAsset(info: Pick<AssetInfo, 'kind' | 'mimeType' | 'meta'>): string {
  const { meta } = info;
  const parts: string[] = [];
  const frames = number(meta, 'frames');
  const images = number(meta, 'images') ?? number(meta, 'count');
  if (info.kind === 'video' && frames !== undefined) parts.push(plural(frames, 'frame'));
  if (info.kind === 'image-sequence' && (images ?? frames) !== undefined) parts.push(plural((images ?? frames)!, 'image'));
  const width = number(meta, 'width');
  const height = number(meta, 'height');
  if (width !== undefined && height !== undefined) parts.push(`${width}×${height}`);
  const codec = meta?.codec;
  if (typeof codec === 'string' && codec !== '') parts.push(codecLabel(codec));
  else if (info.kind === 'image' && info.mimeType.startsWith('image/')) parts.push(info.mimeType.slice(6).toUpperCase());
  const rate = number(meta, 'fps') ?? number(meta, 'frameRate');
  if (info.kind === 'video' && rate !== undefined && rate > 0) parts.push(`${fps(rate)} fps`);
  return parts.join(' · ');
}
