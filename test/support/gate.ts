/** Holds callers at `pass()` between `hold()` and `release()`, counting who waits. */
export class Gate {
  private gate: Promise<void> | null = null;
  private open: () => void = () => undefined;
  waiting = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = null;
    this.open();
  }

  async pass(): Promise<void> {
    if (this.gate === null) return;
    this.waiting++;
    await this.gate;
  }
}
