import { libraryConfig } from '../../tsup.library.js';

// Runs in browsers too: no Node built-ins.
export default libraryConfig('neutral', ['src/index.ts', 'src/internal.ts']);
