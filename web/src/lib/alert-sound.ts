/**
 * The alert tone (new report on the console, new assignment on a team phone), synthesised with WebAudio (no audio file to download). Browsers
 * start audio only after a user gesture, so the console unlocks it on the first click and
 * shows a button until then.
 */
let ctx: AudioContext | null = null
const listeners = new Set<() => void>()

export function audioState(): 'running' | 'locked' {
  return ctx?.state === 'running' ? 'running' : 'locked'
}

export function onAudioState(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext()
    ctx.onstatechange = () => listeners.forEach((l) => l())
    void ctx.resume()
  } catch {
    /* no WebAudio: the visible alert remains */
  }
}

/** Two rising tones, repeated twice: distinct from phone ringtones, audible over a radio. */
export function playAlert(): boolean {
  if (!ctx || ctx.state !== 'running') return false
  const start = ctx.currentTime + 0.02
  const tones = [880, 1175, 880, 1175]
  tones.forEach((hz, i) => {
    const osc = ctx!.createOscillator()
    const gain = ctx!.createGain()
    const t0 = start + i * 0.18
    osc.type = 'sine'
    osc.frequency.value = hz
    gain.gain.setValueAtTime(0.0001, t0)
    gain.gain.exponentialRampToValueAtTime(0.35, t0 + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.16)
    osc.connect(gain).connect(ctx!.destination)
    osc.start(t0)
    osc.stop(t0 + 0.17)
  })
  return true
}
