import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type * as OpenIdClient from 'openid-client';
import { DataSource } from 'typeorm';
import { UserCache } from '../../common/auth/user-cache';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/config';
import type { OidcConfig } from '../../config/security-config';
import { SessionsService, type IssuedSession } from './sessions.service';
import { SsoAccounts, type SsoClaims } from './sso-accounts';

/** The authorization request's secrets, kept in a short-lived signed cookie between leaving and coming back. */
interface FlowState {
  kind: 'oidc-flow';
  state: string;
  nonce: string;
  verifier: string;
}

const FLOW_MINUTES = 10;

/**
 * Single sign-on with the hospital's OpenID Connect provider: authorization code flow with PKCE, state and nonce
 * (openid-client). openid-client is an ES module: it is loaded on first use, so nothing else depends on it.
 */
@Injectable()
export class OidcService {
  private configuration: Promise<OpenIdClient.Configuration> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly accounts: SsoAccounts,
    private readonly cache: UserCache,
  ) {}

  get enabled(): boolean {
    return this.config.security.oidc !== undefined;
  }

  get redirectUri(): string {
    return this.settings().redirectUri;
  }

  /** Where to send the browser to sign in at the provider, and the flow cookie to set meanwhile. */
  async start(): Promise<{ url: string; flowCookie: string }> {
    const oidc = this.settings();
    const client = await lib();
    const configuration = await this.discover();
    const flow: FlowState = {
      kind: 'oidc-flow',
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: oidc.redirectUri,
      scope: oidc.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    const flowCookie = await this.jwt.signAsync(flow, { expiresIn: FLOW_MINUTES * 60 });
    return { url: url.href, flowCookie };
  }

  /** The provider sent the browser back: exchange the code, read who it is, start a PumpWatch session. */
  async finish(callbackUrl: URL, flowCookie: string | undefined): Promise<IssuedSession> {
    const oidc = this.settings();
    const client = await lib();
    const configuration = await this.discover();
    const flow = await this.readFlow(flowCookie);
    let claims: SsoClaims;
    let idToken: string | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...idClaims, ...userinfo } as SsoClaims;
      idToken = tokens.id_token;
    } catch (e) {
      throw new DomainError('SSO_FAILED', `The hospital sign-in did not complete: ${(e as Error).message}`);
    }
    const session = await this.dataSource.transaction(async (m) => {
      const user = await this.accounts.resolve(m, claims, oidc);
      return this.sessions.start(m, user, { enrolmentOnly: false, oidcIdToken: idToken });
    });
    this.cache.forget(session.user.id);
    return session;
  }

  /** The provider's sign-out address for a session signed in through it (null for a password sign-in). */
  async endSessionUrl(idToken: string | null): Promise<string | null> {
    if (!idToken || !this.enabled) return null;
    const client = await lib();
    const configuration = await this.discover();
    const url = client.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.settings().postLogoutRedirectUri,
    });
    return url.href;
  }

  private settings(): OidcConfig {
    const oidc = this.config.security.oidc;
    if (!oidc) throw new DomainError('NOT_FOUND', 'Single sign-on is not set up for this clinic');
    return oidc;
  }

  private async readFlow(cookie: string | undefined): Promise<FlowState> {
    try {
      const flow = await this.jwt.verifyAsync<FlowState>(cookie ?? '', { algorithms: ['HS256'] });
      if (flow.kind !== 'oidc-flow') throw new Error('not a sign-in flow');
      return flow;
    } catch {
      throw new DomainError('SSO_FAILED', 'The hospital sign-in took too long or was started elsewhere: try again');
    }
  }

  /** The provider's metadata, fetched once (again after a failure). */
  private discover(): Promise<OpenIdClient.Configuration> {
    const oidc = this.settings();
    this.configuration ??= lib()
      .then((client) =>
        client.discovery(
          new URL(oidc.issuer),
          oidc.clientId,
          undefined,
          client.ClientSecretBasic(oidc.clientSecret),
          // plain http only for a provider on this machine (tests); a hospital provider is https
          isLocalHttp(oidc.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((e: Error) => {
        this.configuration = null;
        throw new DomainError('SSO_UNAVAILABLE', `The hospital sign-in service cannot be reached: ${e.message}`);
      });
    return this.configuration;
  }
}

const isLocalHttp = (issuer: string) => {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
};

/** openid-client is ESM-only: required on first use (Node ≥ 20.19 loads ES modules through require). */
const lib = (): Promise<typeof OpenIdClient> => import('openid-client');
