import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
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
  if (overrides.openIdMetadataUrl) authConfig.ToBotFromChannelOpenIdMetadataUrl = overrides.openIdMetadataUrl;
  if (overrides.tokenIssuer) authConfig.ToBotFromChannelTokenIssuer = overrides.tokenIssuer;
  const credentials =
    overrides.credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.appId,
      MicrosoftAppPassword: config.appPassword,
      MicrosoftAppType: config.appType,
      MicrosoftAppTenantId: config.appTenantId,
    });
  return new TeamsAdapter(authConfig as any, credentials);
}
