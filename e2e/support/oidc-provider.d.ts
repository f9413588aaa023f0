// The little of oidc-provider's API the SSO spec uses (the package ships no type declarations).
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Record<string, unknown> | Promise<Record<string, unknown>>;
  }

  interface Configuration {
    clients: Record<string, unknown>[];
    claims?: Record<string, string[]>;
    findAccount?(ctx: unknown, id: string): Account | undefined | Promise<Account | undefined>;
    features?: Record<string, unknown>;
    cookies?: { keys: string[] };
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    listen(port: number, host: string, listening: () => void): Server;
  }
}
