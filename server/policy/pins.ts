// PIN lockout rules: pure functions of the stored counters, the tries still being checked, and the clock.

export interface PinState {
  failedPins: number;
  lockedUntil: Date | null;
}

export interface PinPolicy {
  maxFailures: number;
  lockoutMs: number;
}

export function isLockedOut(state: PinState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * Whether one more try may be checked: the lock is off, and the failures so far plus the tries
 * still being checked (each of which may turn out wrong) leave room below the maximum. Counting
 * the tries in flight is what keeps guesses sent at once from outrunning the count.
 */
export function mayTryPin(state: PinState, triesInFlight: number, policy: PinPolicy, now: Date): boolean {
  if (isLockedOut(state, now)) return false;
  const failures = state.lockedUntil ? 0 : state.failedPins; // an expired lock starts a fresh count
  return failures + triesInFlight < policy.maxFailures;
}

/** The state after one more wrong PIN: the lock starts when the count reaches the maximum. */
export function afterWrongPin(state: PinState, policy: PinPolicy, now: Date): PinState & { lockedNow: boolean } {
  const failedPins = (isLockedOut(state, now) ? state.failedPins : state.lockedUntil ? 0 : state.failedPins) + 1;
  if (failedPins >= policy.maxFailures) return { failedPins, lockedUntil: new Date(now.getTime() + policy.lockoutMs), lockedNow: true };
  return { failedPins, lockedUntil: null, lockedNow: false };
}
