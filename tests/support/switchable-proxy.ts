/**
 * A TCP proxy on a free loopback port in front of a Redis server, which can be pointed at another
 * server, cutting every connection it carries: what a client sees when a failover moves the master
 * it reaches under one name (a Sentinel's answer, a virtual IP) and its connection drops. It can also
 * cut a connection in the middle of a pipeline, as a server killed between two commands does.
 */
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SwitchableProxy {
  /** `redis://127.0.0.1:<port>` of the proxy. */
  readonly url: string;
  /** Sends new connections to `port` from now on, and cuts every open one. */
  switchTo(port: number): void;
  /**
   * Passes the next request that holds `request` up to its end only (the server never reads the rest),
   * then the server's answer, and cuts that connection: a server killed in the middle of a pipeline.
   */
  cutAfter(request: string): void;
  close(): Promise<void>;
}

/** Starts a proxy to the server on `port`. */
export async function startSwitchableProxy(port: number): Promise<SwitchableProxy> {
  let target = port;
  let cut: Buffer | undefined;
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
    let cutting = false;
    client.on('data', (chunk: Buffer) => {
      if (cutting) return;
      const at = cut ? chunk.indexOf(cut) : -1;
      if (at < 0) {
        upstream.write(chunk);
        return;
      }
      upstream.write(chunk.subarray(0, at + cut!.length));
      cut = undefined;
      cutting = true;
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutting) client.write(chunk);
      // The answer to what the server read, then the end (the upstream goes when the client closes its side).
      else if (client.writable) client.end(chunk);
    });
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
    cutAfter(request) {
      cut = Buffer.from(request);
    },
    close() {
      cutAll();
      return new Promise((closed) => server.close(() => closed()));
    },
  };
}
