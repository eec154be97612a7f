import { installGroup } from './app/groups.js';
import type { Store } from './app/ports.js';
import type { Config } from './config.js';
import type { Member } from './domain/model.js';

/**
 * The demo steering group for the local client (Agents Playground): its group chat, its users
 * (from .m365agentsplayground.yml), the default user as chair and Gustav as referent; and the
 * team channel as the programme board's escalation target. Seeded only into an empty store.
 */
export const PLAYGROUND = {
  serviceUrl: (port: number) => `http://localhost:${port}/_connector`,
  tenantId: '00000000-0000-0000-0000-0000000000001',
  botId: '00000000-0000-0000-0000-00000000000011',
  groupChatId: 'styregruppe-chat-id',
  boardChannelId: 'dap-eskaleringer-id',
  teamId: 'dap-team-id',
  users: [
    { teamsId: 'user-id-0', name: 'Anna Holm', aadObjectId: '00000000-0000-0000-0000-0000000000020', organisation: 'MedCom', role: 'chair' },
    { teamsId: 'user-id-1', name: 'Bent Lund', aadObjectId: '00000000-0000-0000-0000-0000000000021', organisation: 'PLO', role: 'member' },
    { teamsId: 'user-id-2', name: 'Carsten Vang', aadObjectId: '00000000-0000-0000-0000-0000000000022', organisation: 'KiAP', role: 'member' },
    { teamsId: 'user-id-3', name: 'Dorthe Kjær', aadObjectId: '00000000-0000-0000-0000-0000000000023', organisation: 'PLSP', role: 'member' },
    { teamsId: 'user-id-4', name: 'Erik Sand', aadObjectId: '00000000-0000-0000-0000-0000000000024', organisation: 'Mediq', role: 'observer' },
    { teamsId: 'user-id-5', name: 'Gustav Eng', aadObjectId: '00000000-0000-0000-0000-0000000000025', organisation: 'MedCom', role: 'referent' },
  ] as const,
};

export async function seedDemo(store: Store, config: Config, playgroundPort: number): Promise<boolean> {
  if (store.read().groups.length > 0) return false;
  const serviceUrl = PLAYGROUND.serviceUrl(playgroundPort);
  await store.update((db, tx) => {
    const { group } = installGroup(db, tx, {
      conversation: {
        serviceUrl,
        channelId: 'msteams',
        conversationId: PLAYGROUND.groupChatId,
        conversationType: 'groupChat',
        tenantId: PLAYGROUND.tenantId,
        botId: PLAYGROUND.botId,
        botName: 'styrebot',
      },
      name: 'Operationel styregruppe for forløbsplaner',
      installer: null,
      members: [],
      configuredChairs: [],
      locale: config.locale,
      timezone: config.timezone,
    });
    group.roster = PLAYGROUND.users.map((u): Member => ({ name: u.name, aadObjectId: u.aadObjectId, teamsId: u.teamsId, organisation: u.organisation, role: u.role }));
    group.escalationTarget = {
      conversation: { serviceUrl, channelId: 'msteams', conversationId: PLAYGROUND.boardChannelId, conversationType: 'channel', tenantId: PLAYGROUND.tenantId, teamId: PLAYGROUND.teamId, botId: PLAYGROUND.botId, botName: 'styrebot' },
      setBy: 'demo',
      at: tx.now.toISOString(),
    };
    tx.audit({ actor: 'system', action: 'demo.seed', groupId: group.id, target: group.id });
  });
  return true;
}
