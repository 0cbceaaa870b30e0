import { defineNode, errorMessage } from '../core';
import { FIT_MODES, isFit } from './media/fit';
import { rgbaToFrame } from './media/frame-upload';
import { drawImageSource, PictureFitter } from './media/picture-fitter';

const FACINGS = ['any', 'user', 'environment'] as const;

interface Camera {
  readonly stream: MediaStream;
  readonly video: HTMLVideoElement;
  /** The facing it was opened with; another one reopens the camera. */
  readonly facing: string;
}

interface WebcamState {
  readonly fitter: PictureFitter;
  camera: Camera | undefined;
  /** Set when the camera stops by itself (unplugged, taken by another app). */
  ended: boolean;
  pixels: Uint8ClampedArray | undefined;
}

/** What the webcam node says when it cannot show the camera. */
export const webcamMessages = {
  noApi: () =>
    'This page cannot use a camera: the browser offers no getUserMedia here (it needs https:// or http://localhost, and a browser with camera support). Open the studio from a secure address.',
  denied: () =>
    'Camera access was denied. Allow the camera for this site (the camera icon in the address bar, or the site settings), then press Run again.',
  noCamera: (facing: string) =>
    facing === 'any'
      ? 'No camera was found. Connect a camera (or close apps that hold it), then press Run again.'
      : `No ${facing === 'user' ? 'front (user-facing)' : 'back (environment-facing)'} camera was found. Set Facing to “any”, or connect such a camera, then press Run again.`,
  busy: () => 'The camera is in use by another app or could not start. Close other apps using it, then press Run again.',
  ended: () => 'The camera stopped (unplugged, or taken by another app). Reconnect it, then press Run again.',
  failed: (detail: string) => `The camera could not be opened (${detail}). Check that a camera is connected and allowed, then press Run again.`,
} as const;

/**
 * Live frames from a camera (getUserMedia), fitted to the frame size. Realtime by nature:
 * each loop frame takes whatever picture the camera shows at that moment, so an offline
 * render of it is not reproducible. The camera opens on the first frame (the browser may
 * ask for permission then) and its tracks are stopped when the node is removed or reset.
 */
export const webcamSource = defineNode({
  type: 'webcam-source',
  version: 1,
  title: 'Webcam',
  category: 'Sources',
  description: 'Live camera frames (getUserMedia), fitted to the frame size.',
  volatile: true,
  // Reset keeps the camera open rather than asking for it again.
  keepsStateOnReset: true,
  inputs: [],
  outputs: [{ name: 'frame', type: 'frame', label: 'Frame' }],
  params: {
    facing: { kind: 'enum', label: 'Facing', default: 'any', options: FACINGS },
    fit: { kind: 'enum', label: 'Fit', default: 'crop', options: FIT_MODES },
  },
  create: ({ size }): WebcamState => ({ fitter: new PictureFitter(size), camera: undefined, ended: false, pixels: undefined }),
  prepare: async ({ state, params }) => {
    if (state.ended) {
      // Reported once; the next run tries the camera again.
      state.ended = false;
      closeCamera(state);
      throw new Error(webcamMessages.ended());
    }
    if (state.camera && state.camera.facing !== params.facing) closeCamera(state);
    state.camera ??= await openCamera(params.facing, () => { state.ended = true; });
    const { video } = state.camera;
    // HAVE_CURRENT_DATA: a picture is there to draw.
    if (video.readyState < 2 || video.videoWidth === 0) return;
    state.pixels = state.fitter.fit(drawImageSource(video), { width: video.videoWidth, height: video.videoHeight }, isFit(params.fit) ? params.fit : 'crop');
  },
  process: ({ tf, state, size }) => ({ frame: rgbaToFrame(tf, state.pixels, size) }),
  dispose: (state) => closeCamera(state),
});

async function openCamera(facing: string, onEnded: () => void): Promise<Camera> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!media?.getUserMedia) throw new Error(webcamMessages.noApi());
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({ audio: false, video: facing === 'any' ? true : { facingMode: { exact: facing } } });
  } catch (error) {
    throw new Error(cameraErrorMessage(error, facing));
  }
  for (const track of stream.getVideoTracks()) track.addEventListener('ended', onEnded);
  // A detached, muted <video> turns the stream into drawable pictures; it is never shown.
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
  } catch (error) {
    stopTracks(stream);
    throw new Error(webcamMessages.failed(errorMessage(error)));
  }
  return { stream, video, facing };
}

/** getUserMedia's DOMException names, as the user should read them. */
export function cameraErrorMessage(error: unknown, facing: string): string {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return webcamMessages.denied();
    case 'NotFoundError':
    case 'OverconstrainedError':
      return webcamMessages.noCamera(facing);
    case 'NotReadableError':
    case 'AbortError':
      return webcamMessages.busy();
    default:
      return webcamMessages.failed(errorMessage(error));
  }
}

function closeCamera(state: WebcamState): void {
  const camera = state.camera;
  state.camera = undefined;
  state.pixels = undefined;
  if (!camera) return;
  camera.video.pause();
  camera.video.srcObject = null;
  stopTracks(camera.stream);
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
