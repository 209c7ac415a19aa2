/** Spreads work to at most `rate` items per second (no limit when rate is undefined): call after each batch. */
export class Pace {
  private readonly started = Date.now()

  constructor(private readonly rate: number | undefined) {}

  /** waits until `done` items fit the rate */
  async wait(done: number): Promise<void> {
    if (!this.rate) return
    const due = this.started + (done / this.rate) * 1000 - Date.now()
    if (due > 1) await new Promise((resolve) => setTimeout(resolve, due))
  }
}
