import net from 'node:net';

/**
 * A TCP proxy in front of a real server that can freeze: while frozen it keeps every connection open and
 * accepts new ones, but forwards no byte either way — what a hung database looks like from the client.
 */
export class FreezableProxy {
  private frozen = false;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(targetHost: string, targetPort: number): Promise<FreezableProxy> {
    const server = net.createServer();
    const proxy = new FreezableProxy(server);
    server.on('connection', (client) => proxy.pipe(client, net.connect(targetPort, targetHost)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: net.Socket, upstream: net.Socket): void {
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (!this.frozen) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
