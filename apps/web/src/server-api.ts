import type { ProfileId, Reading } from '@p1/core';

// The shapes p1 serve sends (apps/p1/src/serve-*.ts): kept in one place on each side, documented in the READMEs.

/** `GET api/status`, and the data of the feed's `status` events. */
export interface ServerStatus {
  service: 'p1 serve';
  /** Differs after a restart of the service, whose sequence numbers then start at 1 again. */
  instance: string;
  source: string;
  readings: number;
  crcErrors: number;
  rejected: number;
  /** The latest word from the source, and whether it is bad news. */
  status: { text: string; problem: boolean } | null;
  errors: string[];
  /** ms: the time of the newest reading, null before the first. */
  latestTime: number | null;
}

/** The data of the feed's `reading` events. */
export interface ServerReading {
  seq: number;
  time: number;
  profile: ProfileId;
  reading: Reading;
}

/** `GET api/readings?since=...|after=...`: the kept history, one column per value, oldest first. */
export interface ServerHistory {
  instance: string;
  /** seq of the first and last row; 0 and 0 when empty. */
  first: number;
  last: number;
  time: number[];
  importKw: (number | null)[];
  exportKw: (number | null)[];
  importKwh: (number | null)[];
  exportKwh: (number | null)[];
  gasM3: (number | null)[];
}
