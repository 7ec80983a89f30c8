import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixtureTelegram } from '../test/fixtures.js';
import { addTelegram, createLiveState } from './live-state.js';
import { LiveView } from './live-view.js';
import { renderFrame } from './render-frame.js';

function terminal(): PassThrough & { columns: number; rows: number; written: () => string } {
  let text = '';
  const out = Object.assign(new PassThrough(), { columns: 60, rows: 20, written: () => text });
  out.on('data', (d: Buffer) => (text += d.toString()));
  return out;
}

describe('LiveView', () => {
  it('draws on the alternate screen with the cursor hidden, each frame in place, and gives both back', async () => {
    const out = terminal();
    const view = new LiveView(out, { timeZone: 'UTC' });
    const state = addTelegram(createLiveState('emulator'), fixtureTelegram('dsmr5-iskra-am550-three-phase'), 0);
    view.start();
    view.update(createLiveState('emulator'));
    view.update(state);
    out.emit('resize');
    view.stop();
    await new Promise((resolve) => setImmediate(resolve));
    // Home, each line erased to its end after its text, everything below the frame erased.
    const drawn = (s: typeof state): string => `\x1b[H${renderFrame(s, 60, 20, { timeZone: 'UTC' }).split('\n').join('\x1b[K\n')}\x1b[K\x1b[J`;
    expect(out.written()).toBe(`\x1b[?1049h\x1b[?25l${drawn(createLiveState('emulator'))}${drawn(state)}${drawn(state)}\x1b[?25h\x1b[?1049l`);
  });

  it('gives the screen back when the process exits without stopping it', () => {
    const out = terminal();
    const view = new LiveView(out);
    view.start();
    process.emit('exit', 0);
    expect(out.written()).toBe('\x1b[?1049h\x1b[?25l\x1b[?25h\x1b[?1049l');
  });
});
