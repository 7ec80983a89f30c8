import type { Entry } from './dashboard-model.js';

/** What a live source tells the page. */
export interface SourceEvents {
  reading(entry: Entry): void;
  /** A telegram that could not be used; `code` is core's P1Error code. */
  error(code: string, message: string): void;
  status(text: string, problem?: boolean): void;
}
