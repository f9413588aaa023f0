/** A short two-tone cue for a new critical alarm (WebAudio; silently nothing where audio is unavailable). */
let ctx: AudioContext | null = null;

export function beep(): void {
  try {
    const AudioCtor =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtor) return;
    ctx ??= new AudioCtor();
    const start = ctx.currentTime;
    [880, 660].forEach((freq, i) => {
      const osc = ctx!.createOscillator();
      const gain = ctx!.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, start + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.25 + 0.22);
      osc.connect(gain).connect(ctx!.destination);
      osc.start(start + i * 0.25);
      osc.stop(start + i * 0.25 + 0.23);
    });
  } catch {
    // Audio is a supplement to the visual cue, never the only signal.
  }
}
