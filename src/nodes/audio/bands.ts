/**
 * What the Audio node measures in one window of sound: its overall level and the level of
 * three frequency bands. Plain JS over a Float32Array (a 2048-point FFT costs well under a
 * millisecond), so it runs the same in the page, in a worker or in node, and gives the same
 * numbers for the same samples every time.
 *
 * Every value is an RMS, on the scale of the samples (full scale = 1):
 * - `level`: the RMS of the window as it is (a full-scale sine gives 0.707);
 * - each band: the RMS of the part of the sound between its edges, measured from a Hann-
 *   windowed FFT and scaled (Parseval) so that a sine inside a band gives the same number as
 *   `level` does. For sound between 20 Hz and 16 kHz, bass² + mid² + treble² ≈ level².
 */

/**
 * Band edges in Hz, low edge inclusive. Bass holds kick drums and bass lines (the
 * fundamentals sit below 250 Hz), mid holds voices and most instruments, treble holds
 * hi-hats, cymbals and sibilance. Below 20 Hz (and the DC offset) and above 16 kHz count
 * in `level` only.
 */
export const BANDS = [
  { name: 'bass', label: 'Bass', low: 20, high: 250 },
  { name: 'mid', label: 'Mid', low: 250, high: 4000 },
  { name: 'treble', label: 'Treble', low: 4000, high: 16_000 },
] as const;

export type BandName = (typeof BANDS)[number]['name'];

/** One window's measurements, each an RMS (0 for silence, 0.707 for a full-scale sine). */
export type Levels = { readonly level: number } & { readonly [B in BandName]: number };

export const SILENCE: Levels = { level: 0, bass: 0, mid: 0, treble: 0 };

/** Seconds of sound one window covers, about: a beat's attack is ~10 ms, a 30 fps frame 33 ms. */
const WINDOW_SECONDS = 0.04;

/**
 * Samples per analysis window at `sampleRate`: the power of two nearest above 40 ms (2048 at
 * 44.1 and 48 kHz, so bins are 21.5–23.4 Hz apart and the bass band spans ten of them).
 */
export function windowSize(sampleRate: number): number {
  if (!(sampleRate > 0 && Number.isFinite(sampleRate))) throw new RangeError(`sample rate must be a positive number, got ${sampleRate}`);
  let size = 32;
  while (size < sampleRate * WINDOW_SECONDS && size < 32_768) size *= 2;
  return size;
}

/**
 * Measures windows of one size. It keeps its FFT tables and scratch buffers, so measuring
 * allocates nothing; one instance per size.
 */
export class BandAnalyser {
  readonly size: number;
  readonly #hann: Float32Array;
  /** Sum of the Hann window's squares: the band scale divides by it. */
  readonly #hannEnergy: number;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #reversed: Uint32Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;

  constructor(size: number) {
    if (!(Number.isInteger(size) && size >= 32 && (size & (size - 1)) === 0)) throw new RangeError(`window size must be a power of two of at least 32, got ${size}`);
    this.size = size;
    this.#hann = new Float32Array(size);
    let energy = 0;
    for (let i = 0; i < size; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
      this.#hann[i] = w;
      energy += w * w;
    }
    this.#hannEnergy = energy;
    this.#cos = new Float64Array(size / 2);
    this.#sin = new Float64Array(size / 2);
    for (let i = 0; i < size / 2; i++) {
      this.#cos[i] = Math.cos((2 * Math.PI * i) / size);
      this.#sin[i] = -Math.sin((2 * Math.PI * i) / size);
    }
    const bits = Math.log2(size);
    this.#reversed = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.#reversed[i] = r;
    }
    this.#re = new Float64Array(size);
    this.#im = new Float64Array(size);
  }

  /** The level and band RMS of `samples` (exactly `size` of them) recorded at `sampleRate`. */
  measure(samples: Float32Array, sampleRate: number): Levels {
    const n = this.size;
    if (samples.length !== n) throw new RangeError(`expected a window of ${n} samples, got ${samples.length}`);
    const re = this.#re;
    const im = this.#im;
    let squares = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      squares += samples[i]! * samples[i]!;
      sum += samples[i]!;
    }
    // The Hann window smears a DC offset into bin 1 (23 Hz, bass): take it out first.
    const mean = sum / n;
    for (let i = 0; i < n; i++) {
      re[this.#reversed[i]!] = (samples[i]! - mean) * this.#hann[i]!;
      im[i] = 0;
    }
    this.#fft();
    // One-sided spectrum: bins 1…n/2−1 stand for their mirror images too, hence the 2.
    const scale = 2 / (n * this.#hannEnergy);
    const bin = sampleRate / n;
    const band = (low: number, high: number): number => {
      let power = 0;
      const first = Math.max(1, Math.ceil(low / bin));
      const last = Math.min(n / 2 - 1, Math.ceil(high / bin) - 1);
      for (let k = first; k <= last; k++) power += re[k]! * re[k]! + im[k]! * im[k]!;
      return Math.sqrt(power * scale);
    };
    const [bass, mid, treble] = BANDS;
    return {
      level: Math.sqrt(squares / n),
      bass: band(bass.low, bass.high),
      mid: band(mid.low, mid.high),
      treble: band(treble.low, treble.high),
    };
  }

  /** In-place iterative radix-2 FFT of re/im (inputs already in bit-reversed order). */
  #fft(): void {
    const n = this.size;
    const re = this.#re;
    const im = this.#im;
    for (let half = 1; half < n; half *= 2) {
      const step = n / (2 * half);
      for (let start = 0; start < n; start += 2 * half) {
        for (let j = 0; j < half; j++) {
          const wr = this.#cos[j * step]!;
          const wi = this.#sin[j * step]!;
          const a = start + j;
          const b = a + half;
          const tr = re[b]! * wr - im[b]! * wi;
          const ti = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - tr;
          im[b] = im[a]! - ti;
          re[a] = re[a]! + tr;
          im[a] = im[a]! + ti;
        }
      }
    }
  }
}
