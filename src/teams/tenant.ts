import type { TurnContext } from 'botbuilder';
import type { Services } from '../app/services.js';
import { t } from '../i18n/index.js';

/**
 * ALLOWED_TENANTS is checked on the conversation's tenant (the host organisation), not the
 * sender's: guests and external members take part in the host's conversations and must work.
 * A refused turn is logged in the security log and answered without running any handler.
 */
export async function tenantAllowed(turn: TurnContext, services: Services): Promise<boolean> {
  const allowed = services.config.allowedTenants;
  if (allowed.length === 0) return true;
  const a = turn.activity;
  const tenant = (a.conversation as any)?.tenantId ?? (a.channelData as any)?.tenant?.id ?? null;
  if (tenant && allowed.includes(tenant)) return true;
  services.security.record({
    at: services.clock.now().toISOString(),
    actor: a.from?.aadObjectId ?? a.from?.id ?? null,
    tenantId: tenant,
    conversationId: a.conversation?.id ?? null,
    code: 'tenant_not_allowed',
  });
  if (a.type === 'invoke')
    await turn.sendActivity({ type: 'invokeResponse', value: { status: 403, body: { error: 'tenant_not_allowed' } } });
  else if (a.type === 'message') await turn.sendActivity(t(services.config.locale, 'tenant.refused')).catch(() => {});
  return false;
}
