// The characters that frame and structure a telegram, as the byte and char codes the decoder and parser compare.
export const NUL = 0x00;
export const LF = 0x0a;
export const CR = 0x0d;
export const BANG = 0x21; // '!': the end line
export const OPEN = 0x28; // '('
export const CLOSE = 0x29; // ')'
export const STAR = 0x2a; // '*': value*unit
export const SLASH = 0x2f; // '/': a telegram's start
export const SPACE = 0x20; // ' '
