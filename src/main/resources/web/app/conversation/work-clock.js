const BEAT_EVERY = 20_000;
const IDLE_AFTER = 60_000;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

/**
 * Handling time that is true: heartbeats for the open conversation only while the tab is visible and focused and the
 * operator did something in the last minute. Leaving the conversation, hiding the tab or going idle stops the clock
 * (work/stop), so the work sessions the API records are the time really spent.
 */
export class WorkClock {
  constructor(api) {
    this.api = api;
    this.conversationId = null;
    this.working = false;
    this.lastActivity = Date.now();
    this.onActivity = () => {
      this.lastActivity = Date.now();
      if (!this.working) this.tick();
    };
    this.onVisibility = () => this.tick();
    this.onPageHide = () => this.stop();
    ACTIVITY.forEach((name) => window.addEventListener(name, this.onActivity, { passive: true, capture: true }));
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('focus', this.onVisibility);
    window.addEventListener('blur', this.onVisibility);
    window.addEventListener('pagehide', this.onPageHide);
    this.timer = setInterval(() => this.tick(), BEAT_EVERY);
  }

  /** Follow this conversation (null: none); a resolved one is not worked on. */
  watch(conversationId, workable) {
    if (conversationId !== this.conversationId) {
      this.stop();
      this.conversationId = conversationId;
    }
    this.workable = workable;
    this.tick();
  }

  active() {
    return (
      this.conversationId != null &&
      this.workable &&
      document.visibilityState === 'visible' &&
      document.hasFocus() &&
      Date.now() - this.lastActivity < IDLE_AFTER
    );
  }

  tick() {
    if (this.active()) {
      const now = Date.now();
      if (this.working && now - this.lastBeat < BEAT_EVERY - 1000) return;
      this.working = true;
      this.lastBeat = now;
      this.api.heartbeat(this.conversationId).catch(() => (this.working = false));
    } else if (this.working) {
      this.stop();
    }
  }

  stop() {
    if (this.working && this.conversationId) {
      this.api.stopWork(this.conversationId).catch(() => {});
    }
    this.working = false;
  }

  dispose() {
    this.stop();
    clearInterval(this.timer);
    ACTIVITY.forEach((name) => window.removeEventListener(name, this.onActivity, { capture: true }));
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('focus', this.onVisibility);
    window.removeEventListener('blur', this.onVisibility);
    window.removeEventListener('pagehide', this.onPageHide);
  }
}
