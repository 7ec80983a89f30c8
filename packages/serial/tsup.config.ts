import { libraryConfig } from '../../tsup.library.js';

export default libraryConfig('node', ['src/index.ts', 'src/internal.ts']);
