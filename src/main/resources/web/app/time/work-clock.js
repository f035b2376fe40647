const BEAT_EVERY = 20_000;
const IDLE_AFTER = 60_000;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

/**
 * Handling time that is true: heartbeats for the open item (a conversation, a post being written or approved) only
 * while the tab is visible and focused and the operator did something in the last minute. Leaving the item, hiding the
 * tab or going idle stops the clock (work/stop), so the work sessions the API records are the time really spent.
 * `work` says how: `{ beat(id), stop(id) }`, each returning a promise (the API's work/heartbeat and work/stop).
 */
export class WorkClock {
  constructor(work) {
    this.work = work;
    this.itemId = null;
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

  /** Follow this item (null: none); one that takes no work (a resolved conversation, a published post) is not timed. */
  watch(itemId, workable) {
    if (itemId !== this.itemId) {
      this.stop();
      this.itemId = itemId;
    }
    this.workable = workable;
    this.tick();
  }

  active() {
    return (
      this.itemId != null &&
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
      this.work.beat(this.itemId).catch(() => (this.working = false));
    } else if (this.working) {
      this.stop();
    }
  }

  stop() {
    if (this.working && this.itemId) {
      this.work.stop(this.itemId).catch(() => {});
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
