/**
 * The alert tone (new report on the console, new assignment on a team phone), synthesised with
 * WebAudio (no audio file to download). Browsers start audio only after a user gesture unless
 * the site may autoplay (an installed app, or a site the user often plays sound on), so pages
 * try at load, then unlock on the first tap, and say on screen while sound is blocked.
 * https://developer.chrome.com/blog/autoplay
 */
let ctx: AudioContext | null = null
const listeners = new Set<() => void>()
const notify = () => listeners.forEach((l) => l())

export function audioState(): 'running' | 'locked' {
  return ctx?.state === 'running' ? 'running' : 'locked'
}

export function onAudioState(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** Starts audio; succeeds without a gesture only where the browser allows autoplay. */
export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext()
    ctx.onstatechange = notify
    void ctx.resume().then(notify, () => {})
  } catch {
    /* no WebAudio: the visible alert remains */
  }
}

/** Two rising tones, repeated twice: distinct from phone ringtones, audible over a radio. `delayS` queues it after another. */
export function playAlert(delayS = 0): boolean {
  if (!ctx || ctx.state !== 'running') return false
  const start = ctx.currentTime + 0.02 + delayS
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
