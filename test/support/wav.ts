/** A PCM WAV file's format and its 16-bit samples (the first channel's, interleaving kept). */
export interface WavPcm {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  samples: Int16Array;
  /** Seconds of sound (samples per channel over the rate). */
  seconds: number;
}

/**
 * Reads a 16-bit PCM WAV (RIFF chunks: `fmt `, then `data`). espeak-ng's `--stdout` writes a
 * header before it knows the length (data size 0x7ffff000): the data then runs to the end of what was read.
 */
export function parseWav(bytes: Uint8Array): WavPcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || ascii(0) !== 'RIFF' || ascii(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let format: { channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (view.getUint16(body, true) !== 1) throw new Error('not PCM');
      format = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined) throw new Error('data before fmt');
      if (format.bitsPerSample !== 16) throw new Error(`${format.bitsPerSample}-bit samples are not read here`);
      const end = Math.min(bytes.length, body + size);
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i += 1) samples[i] = view.getInt16(body + i * 2, true);
      return { ...format, samples, seconds: count / format.channels / format.sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** The index of the first sample louder than `threshold` (of 32767), or -1 in silence. */
export function firstSoundingSample(samples: Int16Array, threshold = 512): number {
  return samples.findIndex((sample) => Math.abs(sample) > threshold);
}

/** The root mean square of the samples, of 32767 (0 is silence). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}
