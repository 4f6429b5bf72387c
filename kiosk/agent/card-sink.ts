// Where a normalized card goes: the server connection (added by the agent) or the dry-run printer.

export interface PresentedCard {
  /** The canonical card number (see canonicalCardNumber), as the server stores cards. */
  readonly card: string;
  /** The read exactly as the reader typed it, for the unknown-card log on the server. */
  readonly raw: string;
}

export interface CardSink {
  /**
   * Resolves when the card was delivered (whatever the server then decides about it); rejects when
   * it could not be. A PrintvaktError "unavailable" or "timeout" means the server was unreachable.
   * It must not buffer: a card delivered late may act after the person has walked away.
   */
  present(card: PresentedCard): Promise<void>;
  /** False while the server cannot be reached; the runner then drops reads instead of calling present. */
  readonly connected: boolean;
}
