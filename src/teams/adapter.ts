import {
  CallerIdConstants,
  ConfigurationServiceClientCredentialFactory,
  INVOKE_RESPONSE_KEY,
  StatusCodes,
  TurnContext,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticationConfiguration,
  type BotFrameworkAuthentication,
  type Claim,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config.js';

/** Test-only hooks: point token validation at a local OpenID/JWKS stub, and stub outgoing credentials. */
export interface AdapterOverrides {
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * teams-ai's adapter with its request authentication in reach. CloudAdapter keeps it as a
 * protected member; a subclass is the supported way to use it (the token-error mapping and the
 * card-click fast path below authenticate with exactly the adapter's own object).
 */
export class StyrebotAdapter extends TeamsAdapter {
  get authentication(): BotFrameworkAuthentication {
    return this.botFrameworkAuthentication;
  }
}

/**
 * The Bot Framework adapter. With an empty MicrosoftAppId botbuilder skips authentication
 * entirely (local mode, bound to 127.0.0.1 by config); otherwise every request must carry a
 * valid Bot Framework token or it gets 401 before any handler runs.
 */
export function createAdapter(config: Config, overrides: AdapterOverrides = {}): StyrebotAdapter {
  const authConfig: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.appTenantId,
  };
  if (overrides.openIdMetadataUrl || overrides.tokenIssuer) {
    // Setting any one of these keys makes botbuilder treat the whole set as given and leave the
    // rest undefined (BotFrameworkAuthenticationFactory.create): fill them with the public
    // cloud's values so only the key source and issuer differ from production. Emulator/skill
    // tokens are validated against the stub too, so no test reaches Microsoft.
    const metadataUrl = overrides.openIdMetadataUrl;
    Object.assign(authConfig, {
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: overrides.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  }
  const credentials =
    overrides.credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.appId,
      MicrosoftAppPassword: config.appPassword,
      MicrosoftAppType: config.appType,
      MicrosoftAppTenantId: config.appTenantId,
    });
  const channelIssuer = authConfig.ToBotFromChannelTokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer;
  const adapter = new StyrebotAdapter(authConfig, credentials, channelOnly(channelIssuer));
  if (config.authEnabled) mapTokenErrorsTo401(adapter.authentication);
  return adapter;
}

/**
 * Only tokens the Bot Framework channel service issued, with an expiry. botbuilder also accepts "emulator" and
 * "ASE channel" tokens: any Microsoft-signed token whose appid/azp is our app id — the bot's own
 * outgoing Bot Connector token among them — with neither audience nor serviceurl checked, and
 * skill tokens from other bots. A Teams bot needs none of them. This hook runs after the
 * signature check on every path (not at all when authentication is off).
 */
function channelOnly(channelIssuer: string): AuthenticationConfiguration {
  return {
    requiredEndorsements: [],
    validateClaims: async (claims: Claim[]) => {
      const iss = claims.find((c) => c.type === AuthenticationConstants.IssuerClaim)?.value;
      // Skill and emulator tokens carry Entra issuers (their paths verify against those), never this one.
      if (iss !== channelIssuer) throw new AuthenticationError('Unauthorized. Only Bot Framework channel tokens are accepted.', 401);
      // jsonwebtoken accepts a token without `exp` forever; the channel's tokens always carry one.
      if (typeof claims.find((c) => c.type === 'exp')?.value !== 'number')
        throw new AuthenticationError('Unauthorized. Token without expiry.', 401);
    },
  };
}

/**
 * botbuilder rethrows jsonwebtoken's own errors (bad signature under a known kid, `alg: none`,
 * `nbf` in the future) as they are, and CloudAdapter answers anything that is not an
 * AuthenticationError with 500. A forged token is a 401; key-fetch and other failures stay 5xx.
 */
function mapTokenErrorsTo401(auth: BotFrameworkAuthentication): void {
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (err) {
      const name = (err as Error)?.name;
      if (name === 'JsonWebTokenError' || name === 'NotBeforeError' || name === 'TokenExpiredError')
        throw new AuthenticationError(`Unauthorized. ${(err as Error).message}`, 401);
      throw err;
    }
  };
}

/** What the fast path needs of restify's request and response (CloudAdapter reads the same). */
interface InvokeRequest {
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}
interface InvokeReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
  send(body?: unknown): unknown;
  writeHead(code: number, headers: Record<string, string | number>): unknown;
  end(bytes?: Buffer): unknown;
}

/** Card clicks: invokes answered in the invoke response (src/teams/card-actions.ts). */
export const isCardClick = (body: { type?: unknown; name?: unknown }): boolean =>
  body.type === 'invoke' && body.name === 'adaptiveCard/action';

/**
 * Runs a card click (`adaptiveCard/action` invoke) without the per-turn machinery it never uses.
 *
 * For every activity `CloudAdapter.process` authenticates the request, then builds a
 * ConnectorClient and a UserTokenClient (each an Azure HTTP pipeline with credentials) before the
 * turn runs — about as much CPU as the rest of a no-op turn. A card click answers only through the
 * invoke response, which the adapter keeps in the turn state without any client
 * (`CloudAdapterBase.sendActivities`), and makes no connector call by design: so here the request
 * is authenticated by the adapter's own BotFrameworkAuthentication — the same object, with the
 * same channel-only claims check and 401 mapping as every other request — and the turn runs on a
 * plain TurnContext carrying the caller's identity. Statuses and bodies are CloudAdapter's: 401 for
 * a refused token, 500 for other failures, 501 when the turn gave no invoke response.
 * Anything that would need the connector during such a turn fails loudly ("Unable to extract
 * ConnectorClient") instead of silently calling out. No adapter middleware is registered (teams-ai
 * routes in Application.run), so running the logic directly skips nothing.
 */
export function createCardClickRunner(adapter: StyrebotAdapter) {
  const auth = adapter.authentication;
  return async function runCardClick(req: InvokeRequest, res: InvokeReply, logic: (turn: TurnContext) => Promise<void>): Promise<void> {
    const end = (status: number, body?: unknown) => {
      if (body !== null && typeof body === 'object') {
        // The answer is encoded once and written as is: restify's JSON formatter would serialise
        // it, walk it again for its UTF-8 length, and the socket would encode it a second time.
        const bytes = Buffer.from(JSON.stringify(body));
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
        res.end(bytes);
        return;
      }
      res.status(status);
      if (body) res.send(body);
      res.end();
    };
    res.header('User-Agent', adapter.userAgent);
    const activity = req.body as Activity;
    const header = req.headers.authorization ?? req.headers.Authorization;
    const authHeader = typeof header === 'string' ? header : '';
    let response: InvokeResponse | undefined;
    try {
      const result = await auth.authenticateRequest(activity, authHeader);
      activity.callerId = result.callerId as string;
      const context = new TurnContext(adapter, activity);
      context.turnState.set(adapter.BotIdentityKey, result.claimsIdentity);
      context.turnState.set(adapter.OAuthScopeKey, result.audience);
      if (activity.locale) context.locale = activity.locale;
      try {
        await logic(context);
      } catch (err) {
        if (!adapter.onTurnError) throw err;
        await adapter.onTurnError(context, err as Error);
      }
      response = (context.turnState.get(INVOKE_RESPONSE_KEY) as Activity | undefined)?.value ?? { status: StatusCodes.NOT_IMPLEMENTED };
    } catch (err) {
      // As CloudAdapter.process: a refused token is 401 with its message, anything else 500.
      return end(
        err instanceof AuthenticationError ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR,
        (err as Error)?.message ?? err,
      );
    }
    return end(response?.status ?? StatusCodes.OK, response?.body);
  };
}
