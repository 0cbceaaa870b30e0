// WAV files made in memory for the audio tests: 32-bit float PCM, which mediabunny decodes by
// itself (no WebCodecs), so node runs the same decode path as the browser.

/** A float WAV of `channels` (equal lengths) at `sampleRate`, as a named File. */
export function wavFile(name: string, channels: readonly Float32Array[], sampleRate: number): File {
  const frames = channels[0]!.length;
  const count = channels.length;
  const header = new DataView(new ArrayBuffer(44));
  const text = (at: number, value: string) => { for (let i = 0; i < value.length; i++) header.setUint8(at + i, value.charCodeAt(i)); };
  text(0, 'RIFF');
  header.setUint32(4, 36 + frames * count * 4, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 3, true); // IEEE float
  header.setUint16(22, count, true);
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate * count * 4, true);
  header.setUint16(32, count * 4, true);
  header.setUint16(34, 32, true);
  text(36, 'data');
  header.setUint32(40, frames * count * 4, true);
  const data = new Float32Array(frames * count);
  for (let i = 0; i < frames; i++) for (let c = 0; c < count; c++) data[i * count + c] = channels[c]![i]!;
  return new File([header.buffer, data.buffer], name, { type: 'audio/wav' });
}

/** `seconds` of a sine at `frequency` Hz and `amplitude`. */
export function sineWave(frequency: number, amplitude: number, seconds: number, sampleRate: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
}
