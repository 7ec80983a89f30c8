import { generateTelegram, readingOf } from './test/telegrams.ts';
import { toLineProtocol } from './src/index.ts';
const g = generateTelegram(5);
console.log(g.text); console.log(g.fields, g.gas);
const r = readingOf(g);
console.log(toLineProtocol(r));
console.log(toLineProtocol(r, 'p1-to-influxdb'));
console.log(toLineProtocol(r, 'full', {hashEquipmentId: 'salt'}));
