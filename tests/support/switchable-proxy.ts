/**
 * A TCP proxy on a free loopback port in front of a Redis server, which can be pointed at another
 * server, cutting every connection it carries: what a client sees when a failover moves the master
 * it reaches under one name (a Sentinel's answer, a virtual IP) and its connection drops.
 */
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SwitchableProxy {
  /** `redis://127.0.0.1:<port>` of the proxy. */
  readonly url: string;
  /** Sends new connections to `port` from now on, and cuts every open one. */
  switchTo(port: number): void;
  close(): Promise<void>;
}

/** Starts a proxy to the server on `port`. */
export async function startSwitchableProxy(port: number): Promise<SwitchableProxy> {
  let target = port;
  const open = new Set<Socket>();
  const track = (socket: Socket, other: Socket) => {
    open.add(socket);
    socket.on('error', () => other.destroy());
    socket.on('close', () => {
      open.delete(socket);
      other.destroy();
    });
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    track(client, upstream);
    track(upstream, client);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    switchTo(next) {
      target = next;
      cutAll();
    },
    close() {
      cutAll();
      return new Promise((closed) => server.close(() => closed()));
    },
  };
}
