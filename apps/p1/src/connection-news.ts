/**
 * What the connection's life is worth telling, once: a reconnect loop retries every few seconds for as long as a
 * meter is away, and a line per retry would bury everything else. So an outage is said when it starts (with its
 * cause) and when it ends; the retries in between are silent.
 */
export class ConnectionNews {
  private away = false;

  constructor(private readonly where: string) {}

  /** The connection is up (again); `connects` counts every connection so far, this one included. */
  connected(connects: number): string {
    this.away = false;
    return connects > 1 ? `connected to ${this.where} again` : `connected to ${this.where}`;
  }

  /** A retry is scheduled after `cause`; null when the outage was already told. */
  reconnecting(cause: string): string | null {
    if (this.away) return null;
    this.away = true;
    return `${cause}; reconnecting until it is back`;
  }
}
