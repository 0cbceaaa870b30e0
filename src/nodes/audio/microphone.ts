import { errorMessage } from '../../core';
import { windowSize } from './bands';

/** What the Audio node says when it cannot hear the microphone. */
export const microphoneMessages = {
  insecure: () =>
    'The microphone needs a secure page: the browser only offers it on https:// addresses and http://localhost. Open the studio from such an address, or set Source to “clip”.',
  noApi: () =>
    'This browser offers no microphone access here (no getUserMedia or Web Audio). Use a current Chrome, Edge or Firefox, or set Source to “clip”.',
  denied: () =>
    'Microphone access was denied. Allow the microphone for this site (the microphone icon in the address bar, or the site settings), then press Run again.',
  noDevice: () => 'No microphone was found. Connect one (or turn it on in the system’s sound settings), then press Run again.',
  busy: () => 'The microphone is in use by another app or could not start. Close other apps using it, then press Run again.',
  ended: () => 'The microphone stopped (unplugged, or taken by another app). Reconnect it, then press Run again.',
  suspended: () => 'The browser keeps sound off until you click on the page. Click anywhere in the studio, then press Run again.',
  failed: (detail: string) => `The microphone could not be opened (${detail}). Check that one is connected and allowed, then press Run again.`,
} as const;

/** How long `AudioContext.resume()` may take before the page is taken to be waiting for a click. */
const RESUME_MS = 2000;

/**
 * The live microphone, as windows of samples: getUserMedia → Web Audio `AnalyserNode`,
 * whose time-domain buffer is read each frame and measured by the same BandAnalyser as a
 * clip (the analyser's own FFT and smoothing are not used, so both sources mean the same
 * numbers). The browser's echo cancellation, noise suppression and gain control are off:
 * they would flatten exactly the dynamics the node is there to follow.
 */
export class Microphone {
  readonly #stream: MediaStream;
  readonly #context: AudioContext;
  readonly #analyser: AnalyserNode;

  private constructor(stream: MediaStream, context: AudioContext, analyser: AnalyserNode) {
    this.#stream = stream;
    this.#context = context;
    this.#analyser = analyser;
  }

  /**
   * Asks for the microphone (the browser may ask the user) and starts listening.
   * @throws Error with one of `microphoneMessages`.
   */
  static async open(onEnded: () => void): Promise<Microphone> {
    if (typeof window !== 'undefined' && window.isSecureContext === false) throw new Error(microphoneMessages.insecure());
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!media?.getUserMedia || typeof AudioContext === 'undefined') throw new Error(microphoneMessages.noApi());
    let stream: MediaStream;
    try {
      stream = await media.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false }, video: false });
    } catch (error) {
      throw new Error(microphoneErrorMessage(error));
    }
    const context = new AudioContext();
    try {
      if (context.state !== 'running') {
        await Promise.race([context.resume(), new Promise((resolve) => setTimeout(resolve, RESUME_MS))]);
        if ((context.state as AudioContextState) !== 'running') throw new Error(microphoneMessages.suspended());
      }
      const analyser = context.createAnalyser();
      analyser.fftSize = windowSize(context.sampleRate);
      context.createMediaStreamSource(stream).connect(analyser);
      for (const track of stream.getAudioTracks()) track.addEventListener('ended', onEnded);
      return new Microphone(stream, context, analyser);
    } catch (error) {
      stopTracks(stream);
      void context.close().catch(() => undefined);
      throw new Error(errorText(error));
    }
  }

  get sampleRate(): number {
    return this.#context.sampleRate;
  }

  /** Samples per window (the analyser's buffer). */
  get size(): number {
    return this.#analyser.fftSize;
  }

  /** Copies the newest `size` samples into `out`. */
  read(out: Float32Array<ArrayBuffer>): void {
    this.#analyser.getFloatTimeDomainData(out);
  }

  close(): void {
    stopTracks(this.#stream);
    void this.#context.close().catch(() => undefined);
  }
}

/** getUserMedia's DOMException names, as the user should read them. */
export function microphoneErrorMessage(error: unknown): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return microphoneMessages.denied();
    case 'NotFoundError':
    case 'OverconstrainedError':
      return microphoneMessages.noDevice();
    case 'NotReadableError':
    case 'AbortError':
      return microphoneMessages.busy();
    default:
      return microphoneMessages.failed(errorMessage(error));
  }
}

/** The message of an error from opening the audio graph: ours as they are, others wrapped. */
function errorText(error: unknown): string {
  const text = errorMessage(error);
  return text === microphoneMessages.suspended() ? text : microphoneMessages.failed(text);
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
