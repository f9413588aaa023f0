import net from 'node:net';
import { StartupError } from './startup-error';

/** Why a listen failed, in words that name the setting to change; undefined for errors that are not about the port. */
export function portProblem(
  err: unknown,
  what: string,
  port: number,
  host: string,
  variable: string,
): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return `${what} port ${port} on ${host} is already in use (another PumpWatch or server?). Set ${variable} to a free port.`;
  }
  if (code === 'EACCES') {
    return `${what} port ${port} on ${host} needs privileges this process lacks. Set ${variable} to a port above 1023.`;
  }
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine. Set HOST to one of its addresses.`;
  return undefined;
}

/**
 * Fails fast, before anything slow starts, when the port cannot be bound: binds and releases it at once. A race
 * with another process is still possible; the later real listen reports the same way.
 */
export async function assertPortFree(what: string, port: number, host: string, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (err) => reject(new StartupError(portProblem(err, what, port, host, variable) ?? String(err))));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve()));
  });
}
