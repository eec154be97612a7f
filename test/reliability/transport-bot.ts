/**
 * The bot for the hostile-transport proof, as its own process (so its RSS and temp directory
 * are its own): `node --import tsx test/reliability/transport-bot.ts`, configured by the
 * environment exactly as the real entry point. With TEST_OPENID_METADATA_URL set, Bot Framework
 * tokens are validated against that stub (test/helpers/openid-stub.ts) and outgoing credentials
 * are fake, so nothing reaches Microsoft. Prints `ready <port>` when listening.
 */
import { loadConfig } from '../../src/config.js';
import { startBot } from '../../src/bot.js';
import { fakeCredentialsFactory } from '../helpers/openid-stub.js';

const config = loadConfig(process.env);
const metadataUrl = process.env.TEST_OPENID_METADATA_URL;
const bot = await startBot({
  config,
  adapterOverrides: metadataUrl
    ? {
        openIdMetadataUrl: metadataUrl,
        tokenIssuer: process.env.TEST_TOKEN_ISSUER,
        credentialsFactory: fakeCredentialsFactory(config.appId),
      }
    : {},
});
process.stdout.write(`ready ${bot.port}\n`);
process.once('SIGTERM', () => void bot.close().then(() => process.exit(0)));
