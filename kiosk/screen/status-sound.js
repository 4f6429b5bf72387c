// Beeps for a reader-only kiosk's status screen (PRINTVAKT_KIOSK_STATUS_SOUND): a person who
// badged and turned to the printer hears whether it worked without looking. Three patterns, as a
// reader's buzzer would give them: one high beep (success), two middle ones (look at the screen),
// one long low one (failure). Web Audio, no sound files to serve. A kiosk browser must be allowed
// to play sound without a tap (Chromium: --autoplay-policy=no-user-gesture-required).

// [frequency in Hz, seconds] per tone, with a short pause between tones.
const PATTERNS = {
  success: [[880, 0.15]],
  attention: [[660, 0.12], [660, 0.12]],
  failure: [[220, 0.45]],
};
const PAUSE_SECONDS = 0.08;
const VOLUME = 0.2;

let context = null;

/** Plays the pattern for "success", "attention" or "failure"; without Web Audio, nothing. */
export function beep(signal) {
  const pattern = PATTERNS[signal];
  if (!pattern || typeof AudioContext !== "function") return;
  context ??= new AudioContext();
  // A context made before any tap starts suspended unless the browser allows autoplay.
  if (context.state === "suspended") void context.resume();
  let at = context.currentTime + 0.02;
  for (const [frequency, seconds] of pattern) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = frequency;
    gain.gain.value = VOLUME;
    tone.connect(gain).connect(context.destination);
    tone.start(at);
    tone.stop(at + seconds);
    at += seconds + PAUSE_SECONDS;
  }
}
