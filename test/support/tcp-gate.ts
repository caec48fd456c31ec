import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP forwarder on a fixed local port that can be closed and opened: while closed nothing listens
 * (connections are refused, as when Neo4j is not started yet); while open it forwards to the target.
 */
export interface TcpGate {
  readonly port: number;
  open(): Promise<void>;
  /** Stops listening and cuts every forwarded connection. */
  close(): Promise<void>;
}

export function tcpGate(port: number, target: { host: string; port: number }): TcpGate {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    port,
    open: () =>
      new Promise((done, fail) => {
        server = createServer((client) => {
          const upstream = createConnection(target);
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on("close", () => sockets.delete(socket));
            socket.on("error", () => {
              client.destroy();
              upstream.destroy();
            });
          }
          client.pipe(upstream).pipe(client);
        });
        server.once("error", fail);
        server.listen(port, "127.0.0.1", () => done());
      }),
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        if (!server) return done();
        server.close(() => done());
        server = undefined;
      }),
  };
}
