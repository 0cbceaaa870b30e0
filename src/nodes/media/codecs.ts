/**
 * Which video codecs go in which container, and the WebCodecs codec strings for them.
 * WebM carries VP9, VP8 and AV1; MP4 carries H.264 (`avc`) and AV1. Other pairs mux
 * technically (VP9 in MP4) but play in few places, so the encoder refuses them.
 */
export const CONTAINERS = ['webm', 'mp4'] as const;
export type Container = (typeof CONTAINERS)[number];

export const VIDEO_CODECS = ['vp9', 'vp8', 'av1', 'avc'] as const;
export type VideoCodecName = (typeof VIDEO_CODECS)[number];

export const CODEC_LABELS: Readonly<Record<VideoCodecName, string>> = { vp9: 'VP9', vp8: 'VP8', av1: 'AV1', avc: 'H.264' };

/** Codecs each container accepts, its default first. */
export const CONTAINER_CODECS: Readonly<Record<Container, readonly VideoCodecName[]>> = {
  webm: ['vp9', 'vp8', 'av1'],
  mp4: ['avc', 'av1'],
};

export const MIME_TYPES: Readonly<Record<Container, string>> = { webm: 'video/webm', mp4: 'video/mp4' };

export function isContainer(value: unknown): value is Container {
  return typeof value === 'string' && (CONTAINERS as readonly string[]).includes(value);
}

export function isVideoCodecName(value: unknown): value is VideoCodecName {
  return typeof value === 'string' && (VIDEO_CODECS as readonly string[]).includes(value);
}

export function defaultCodec(container: Container): VideoCodecName {
  return CONTAINER_CODECS[container][0]!;
}

/** Why `codec` cannot be written into `container` at this size, or null when it can. */
export function codecProblem(container: Container, codec: VideoCodecName, size?: { width: number; height: number }): string | null {
  const allowed = CONTAINER_CODECS[container];
  if (!allowed.includes(codec)) {
    return `${CODEC_LABELS[codec]} cannot be written into ${container.toUpperCase()}: choose ${allowed.map((c) => CODEC_LABELS[c]).join(' or ')}, or switch the container`;
  }
  // 4:2:0 chroma halves each dimension; Chromium's H.264 encoder rejects odd sizes outright.
  if (size && codec === 'avc' && (size.width % 2 !== 0 || size.height % 2 !== 0)) {
    return `H.264 needs an even width and height; the frame is ${size.width}×${size.height}`;
  }
  return null;
}

// Level tables: the smallest level whose picture-size limit fits the frame.
const VP9_LEVELS: ReadonlyArray<readonly [number, string]> = [
  [36_864, '10'], [73_728, '11'], [122_880, '20'], [245_760, '21'], [552_960, '30'], [983_040, '31'],
  [2_228_224, '40'], [8_912_896, '50'], [35_651_584, '60'],
];
const AV1_LEVELS: ReadonlyArray<readonly [number, string]> = [
  [147_456, '00'], [278_784, '01'], [665_856, '04'], [1_065_024, '05'], [2_359_296, '08'], [8_912_896, '12'], [35_651_584, '16'],
];
// H.264 levels by macroblock count (16×16 blocks per frame).
const AVC_LEVELS: ReadonlyArray<readonly [number, string]> = [
  [396, '15'], [792, '16'], [1_620, '1e'], [3_600, '1f'], [5_120, '20'], [8_192, '28'], [22_080, '32'], [36_864, '33'], [139_264, '3c'],
];

function level(table: ReadonlyArray<readonly [number, string]>, amount: number): string {
  return (table.find(([limit]) => amount <= limit) ?? table[table.length - 1]!)[1];
}

/** The WebCodecs `codec` string for an 8-bit 4:2:0 stream of this size. */
export function codecString(codec: VideoCodecName, width: number, height: number): string {
  switch (codec) {
    case 'vp8':
      return 'vp8';
    case 'vp9':
      return `vp09.00.${level(VP9_LEVELS, width * height)}.08`;
    case 'av1':
      return `av01.0.${level(AV1_LEVELS, width * height)}M.08`;
    case 'avc':
      return `avc1.6400${level(AVC_LEVELS, Math.ceil(width / 16) * Math.ceil(height / 16))}`;
    default:
      return exhaustive(codec);
  }
}

function exhaustive(x: never): never {
  throw new Error(`unhandled codec ${String(x)}`);
}
