import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A free loopback port: nothing listens on it (a connection is refused) until a test starts a server there. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
