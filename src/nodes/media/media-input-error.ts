/**
 * Why a picked or dropped file cannot be used as a source, in one table of codes and
 * messages. Every message names the file, says what is wrong with it and what to do, and
 * is thrown before anything is stored, so a refused file changes nothing.
 */
export type MediaInputErrorCode =
  /** Zero bytes. */
  | 'empty'
  /** Over the studio's size cap (MAX_ASSET_BYTES). */
  | 'too-large'
  /** Not a container the reader knows (a text file, an image renamed .webm…). */
  | 'not-video'
  /** A readable container with no video track (audio only). */
  | 'no-video-track'
  /** A codec this browser's WebCodecs cannot decode, or one mediabunny does not know. */
  | 'unsupported-codec'
  /** A video track holding no frames. */
  | 'no-frames'
  /** The file ends early or its structure is damaged. */
  | 'corrupt'
  /** More frames than MAX_VIDEO_FRAMES. */
  | 'too-many-frames'
  /** Width or height over the cap for its kind. */
  | 'too-big-frame'
  /** Not an image the browser can decode. */
  | 'not-image'
  /** An image sequence with no images, or more than the cap. */
  | 'bad-sequence';

/**
 * A file refused by `importMediaFile` / `probeVideo` / `probeImage`, or a stored file a
 * source node cannot read. `message` is written for the user.
 *
 * @example
 * try { await importMediaFile(storage, file, 'video'); }
 * catch (error) { if (error instanceof MediaInputError) show(error.message); else throw error; }
 */
export class MediaInputError extends Error {
  override readonly name = 'MediaInputError';

  constructor(
    readonly code: MediaInputErrorCode,
    /** The file's name, as the user knows it. */
    readonly fileName: string,
    message: string,
  ) {
    super(message);
  }
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

const REENCODE = 'Re-encode it as WebM (VP9 or VP8) or MP4 (H.264), e.g. `ffmpeg -i in.mov -c:v libvpx-vp9 out.webm`, and pick that.';

/** The user-facing text for each code; `q` is the quoted file name. */
export const mediaInputMessages = {
  empty: (q: string) => `${q} is empty (0 bytes), so there is nothing to play. Pick the file again; if it came from a download or a recording, it did not finish.`,
  tooLarge: (q: string, bytes: number, cap: number) =>
    `${q} is ${mib(bytes)}; the studio takes files up to ${mib(cap)}. Trim or downscale it first (e.g. \`ffmpeg -i in.webm -t 60 -vf scale=512:-2 out.webm\`).`,
  notVideo: (q: string, detail: string) =>
    `${q} is not a video the studio can read${detail ? ` (${detail})` : ''}. Pick a WebM or MP4 file (renaming a file does not change what is inside it).`,
  noVideoTrack: (q: string, container: string) => `${q} is a ${container} file with no video track (audio only?). Pick a file that has pictures in it.`,
  unsupportedCodec: (q: string, codec: string, container: string) =>
    `${q} holds ${codec} video in ${container}, which this browser cannot decode. ${REENCODE}`,
  unknownCodec: (q: string, container: string, codec: string) =>
    `${q} holds video in ${container} with a codec the studio does not know${codec ? ` (${codec})` : ''}. ${REENCODE}`,
  noFrames: (q: string, container: string) => `${q} is a ${container} file whose video track has no frames (a zero-length clip). Export or record it again.`,
  truncated: (q: string, seconds: number, expected: number) =>
    `${q} is cut off: it says it lasts ${expected.toFixed(1)} s but its frames stop at ${seconds.toFixed(1)} s (an incomplete download or copy?). Get the whole file again, or re-export it.`,
  corrupt: (q: string, detail: string) => `${q} is damaged and cannot be read (${detail}). Get the file again, or re-export it.`,
  tooManyFrames: (q: string, cap: number) =>
    `${q} has more than ${cap.toLocaleString('en-US')} frames; the studio takes shorter clips. Trim it first (e.g. \`ffmpeg -i in.webm -frames:v ${cap} out.webm\`).`,
  tooBigFrame: (q: string, width: number, height: number, cap: number) =>
    `${q} is ${width}×${height}; the studio takes pictures up to ${cap} pixels on a side. Downscale it first (e.g. \`ffmpeg -i in.mp4 -vf scale=1280:-2 out.mp4\`).`,
  notImage: (q: string) => `${q} is not an image this browser can decode. Pick a PNG, JPEG, WebP, GIF, BMP or AVIF file.`,
  noImages: () => 'No images were given for the image sequence. Pick or drop several image files at once.',
  tooManyImages: (count: number, cap: number) =>
    `${count.toLocaleString('en-US')} images is more than an image sequence may hold (${cap.toLocaleString('en-US')}). Pick fewer, or make a video of them.`,
  badManifest: (q: string, detail: string) => `${q} is not a readable image-sequence list (${detail}). Pick the images again.`,
} as const;

/** “name”, as messages quote file names. */
export function quoteName(name: string): string {
  return `“${name}”`;
}
