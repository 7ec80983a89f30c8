import type { Output } from './command.js';
import type { LiveState } from './live-state.js';
import { renderFrame, type FrameOptions } from './render-frame.js';

// The alternate screen keeps the user's scrollback as it was; the cursor is hidden while frames are drawn.
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/**
 * The live view on a terminal: redraws the frame in place on every update and resize, and gives the screen and the
 * cursor back on `stop()` and on any exit of the process (an uncaught error included).
 */
export class LiveView {
  private state: LiveState | null = null;
  private active = false;
  private readonly redraw = (): void => this.draw();
  private readonly restoreOnExit = (): void => this.stop();

  constructor(
    private readonly out: Output,
    private readonly options: FrameOptions = { color: true },
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    this.out.write(ENTER);
    this.out.on('resize', this.redraw);
    process.on('exit', this.restoreOnExit);
  }

  update(state: LiveState): void {
    this.state = state;
    this.draw();
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.out.off('resize', this.redraw);
    process.off('exit', this.restoreOnExit);
    this.out.write(LEAVE);
  }

  private draw(): void {
    if (!this.active || this.state === null) return;
    const frame = renderFrame(this.state, this.out.columns ?? 80, this.out.rows ?? 24, this.options);
    this.out.write(HOME + frame.split('\n').join(`${CLEAR_LINE_END}\n`) + CLEAR_LINE_END + CLEAR_BELOW);
  }
}
