// The visible idle-logout countdown (WCAG "Timing Adjustable"): restarts on every action the
// server counts as activity, warns before the end, and never outlives the server's own timer.
import { announce, byId } from "./dom.js";
import { t } from "./i18n.js";

export class Countdown {
  #deadline = 0;
  #seconds = 60;
  #timer = undefined;
  #warned = false;
  #onExpired;

  constructor(onExpired) {
    this.#onExpired = onExpired;
  }

  /** (Re)starts from the server's idle timeout. */
  start(seconds) {
    this.#seconds = seconds;
    this.#deadline = Date.now() + seconds * 1000;
    this.#warned = false;
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.render(), 250);
    this.render();
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
    byId("countdown-soon").hidden = true;
  }

  get running() {
    return this.#timer !== undefined;
  }

  render() {
    const left = Math.max(0, Math.ceil((this.#deadline - Date.now()) / 1000));
    // Warn with a third of the time left, at most ten seconds before the end.
    const soon = left <= Math.min(10, Math.ceil(this.#seconds / 3));
    byId("countdown-text").textContent = t("countdown", { seconds: left });
    byId("countdown").dataset.tone = soon ? "soon" : "normal";
    // Shown as well as spoken: sighted people need the words too, not only the colour (review K12).
    byId("countdown-soon").hidden = !soon || !this.running;
    if (soon && !this.#warned && this.running) {
      this.#warned = true;
      announce(t("countdownSoon"), { assertive: true });
    }
    // The server ends the session; if its word is lost, stop anyway a moment later (fail closed).
    if (this.running && Date.now() > this.#deadline + 3000) {
      this.stop();
      this.#onExpired();
    }
  }
}
