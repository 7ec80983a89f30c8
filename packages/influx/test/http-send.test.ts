// The writer's HTTP client reads answers Node's fetch refuses: a raw TCP server writes the header bytes itself.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverBatch } from '../src/deliver-batch.js';
import { httpSend } from '../src/http-send.js';
import { writeRequest } from '../src/write-target.js';

let server: Server;
let url: string;
const bodies: string[] = [];
const sockets = new Set<import('node:net').Socket>();

beforeAll(async () => {
  // Answers 400 with raw control bytes in a header for a body holding "bad", 204 otherwise.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(data)?.[1] ?? 0);
      if (end === -1 || data.length < end + 4 + length) return;
      const body = data.slice(end + 4, end + 4 + length);
      data = data.slice(end + 4 + length);
      bodies.push(body);
      if (body.includes('bad')) {
        const reason = `unable to parse 'm f=\u0001\u0002\u00ff bad'`;
        socket.write(Buffer.from(`HTTP/1.1 400 Bad Request\r\nX-Influxdb-Error: ${reason}\r\nContent-Length: 0\r\n\r\n`, 'latin1'));
      } else {
        socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
// Kept-alive connections (the client's agent, fetch's pool) would hold close() open.
afterAll(() => new Promise<void>((resolve) => {
  server.close(() => resolve());
  for (const socket of sockets) socket.destroy();
}));

it('fetch refuses the answer; httpSend reads it as the 400 it is', async () => {
  await expect(fetch(`${url}/write`, { method: 'POST', body: 'bad' })).rejects.toMatchObject({ cause: { code: 'HPE_INVALID_HEADER_TOKEN' } });
  const answer = await httpSend(`${url}/write`, { method: 'POST', body: Buffer.from('bad'), timeout: 5000 });
  expect(answer.status).toBe(400);
  expect(answer.headers['x-influxdb-error']).toContain('unable to parse');
});

it('a batch with bad lines is split until they stand alone, with the reason from the header', async () => {
  const request = writeRequest({ version: 1, url, database: 'p1' });
  const lines = Array.from({ length: 40 }, (_, i) => (i === 7 || i === 31 ? `m f=${i} bad\n` : `m f=${i} ${i}\n`));
  bodies.length = 0;
  const delivery = await deliverBatch(request, Buffer.from(lines.join('')), { gzip: false, timeout: 5000 });
  expect(delivery).toMatchObject({ ok: true, written: 38 });
  if (!delivery.ok) return;
  expect(delivery.rejected.map((r) => r.line.toString())).toEqual(['m f=7 bad\n', 'm f=31 bad\n']);
  expect(delivery.rejected[0]!.reason).toBe("400 unable to parse 'm f=\ufffd\ufffd\u00ff bad'");
  // Every good line went out in a request the server took; each bad one was sent alone at the end.
  expect(bodies.filter((b) => !b.includes('bad')).flatMap((b) => b.split('\n').filter(Boolean)).sort()).toEqual(lines.filter((l) => !l.includes('bad')).map((l) => l.trim()).sort());
  expect(delivery.requests).toBeLessThanOrEqual(2 * 2 * Math.ceil(Math.log2(40)) + 1);
});
