import { CallerIdConstants, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
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
 * The Bot Framework adapter. With an empty MicrosoftAppId botbuilder skips authentication
 * entirely (local mode, bound to 127.0.0.1 by config); otherwise every request must carry a
 * valid Bot Framework token or it gets 401 before any handler runs.
 */
export function createAdapter(config: Config, overrides: AdapterOverrides = {}): TeamsAdapter {
  const authConfig: Record<string, string> = {
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
  const adapter = new TeamsAdapter(authConfig as any, credentials, channelOnly(channelIssuer));
  if (config.authEnabled) mapTokenErrorsTo401((adapter as any).botFrameworkAuthentication as BotFrameworkAuthentication);
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
      if (iss !== channelIssuer)
        throw new AuthenticationError('Unauthorized. Only Bot Framework channel tokens are accepted.', 401);
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
