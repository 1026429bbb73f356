/** The view's short messages: one at a time, in the toolbar in place of the hints, then gone. */
export class Notice {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `onChange` runs when the notice shows or hides (the toolbar puts it in or takes it out). */
  constructor(readonly box: HTMLElement, private readonly onChange: () => void) {}

  /** Shows `message`, then hides it after a time that grows with its length. */
  show(message: string): void {
    this.box.textContent = message;
    this.box.hidden = false;
    this.onChange();
    clearTimeout(this.timer);
    // long notices (a count of suggestions with their keys) stay longer: about 15 characters a second
    this.timer = setTimeout(() => {
      this.box.hidden = true;
      this.onChange();
    }, Math.max(3000, Math.min(10000, message.length * 65)));
  }
}
