// PIN lockout rules: pure functions of the stored counters and the clock.

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

/** The state after one more wrong PIN: the lock starts when the count reaches the maximum. */
export function afterWrongPin(state: PinState, policy: PinPolicy, now: Date): PinState & { lockedNow: boolean } {
  const failedPins = (isLockedOut(state, now) ? state.failedPins : state.lockedUntil ? 0 : state.failedPins) + 1;
  if (failedPins >= policy.maxFailures) return { failedPins, lockedUntil: new Date(now.getTime() + policy.lockoutMs), lockedNow: true };
  return { failedPins, lockedUntil: null, lockedNow: false };
}
