import { createAction } from './app/actions.js';
import { installGroup } from './app/groups.js';
import { createMeeting, groupToday } from './app/meetings.js';
import type { Store, Tx } from './app/ports.js';
import { addRisk } from './app/risks.js';
import type { Config } from './config.js';
import { addDays, isoWeekday } from './domain/dates.js';
import type { Db, Group, Locale, Member, Person } from './domain/model.js';

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
    {
      teamsId: 'user-id-0',
      name: 'Anna Holm',
      aadObjectId: '00000000-0000-0000-0000-0000000000020',
      organisation: 'MedCom',
      role: 'chair',
    },
    { teamsId: 'user-id-1', name: 'Bent Lund', aadObjectId: '00000000-0000-0000-0000-0000000000021', organisation: 'PLO', role: 'member' },
    {
      teamsId: 'user-id-2',
      name: 'Carsten Vang',
      aadObjectId: '00000000-0000-0000-0000-0000000000022',
      organisation: 'KiAP',
      role: 'member',
    },
    {
      teamsId: 'user-id-3',
      name: 'Dorthe Kjær',
      aadObjectId: '00000000-0000-0000-0000-0000000000023',
      organisation: 'PLSP',
      role: 'member',
    },
    {
      teamsId: 'user-id-4',
      name: 'Erik Sand',
      aadObjectId: '00000000-0000-0000-0000-0000000000024',
      organisation: 'Mediq',
      role: 'observer',
    },
    {
      teamsId: 'user-id-5',
      name: 'Gustav Eng',
      aadObjectId: '00000000-0000-0000-0000-0000000000025',
      organisation: 'MedCom',
      role: 'referent',
    },
  ] as const,
};

/**
 * Seeds the demo group into an empty store. With `sample` (what `npm start` does) the group also
 * has its next meeting three weeks ahead, two risks and an open action point, so `dagsorden`,
 * `risici`, `handlinger` and `referat` work from the first command.
 */
export async function seedDemo(store: Store, config: Config, playgroundPort: number, opts: { sample?: boolean } = {}): Promise<boolean> {
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
    group.roster = PLAYGROUND.users.map((u): Member => ({
      name: u.name,
      aadObjectId: u.aadObjectId,
      teamsId: u.teamsId,
      organisation: u.organisation,
      role: u.role,
    }));
    group.escalationTarget = {
      conversation: {
        serviceUrl,
        channelId: 'msteams',
        conversationId: PLAYGROUND.boardChannelId,
        conversationType: 'channel',
        tenantId: PLAYGROUND.tenantId,
        teamId: PLAYGROUND.teamId,
        botId: PLAYGROUND.botId,
        botName: 'styrebot',
      },
      setBy: 'demo',
      at: tx.now.toISOString(),
    };
    tx.audit({ actor: 'system', action: 'demo.seed', groupId: group.id, target: group.id });
    if (opts.sample) seedSample(db, tx, group);
  });
  return true;
}

const SAMPLE: Record<
  Locale,
  { location: string; presenter: string; recommendation: string; background: string; risks: [string, string][]; action: string }
> = {
  da: {
    location: 'Mødelokale 2, MedCom',
    presenter: 'Carsten Vang',
    recommendation: 'godkender tidsplanen for certificeringen af lægesystemerne i efteråret',
    background:
      'Lægesystemerne skal certificeres i den nye version af forløbsplansmodulet, før praksisserne kan tage det i brug. Tre af fire leverandører har meldt en dato.',
    risks: [
      ['Teknik', 'Forsinket certificering af lægesystemerne'],
      ['Udbredelse', 'For få praksisser tager forløbsplanerne i brug'],
    ],
    action: 'Send udkast til testplan til leverandørerne',
  },
  en: {
    location: 'Meeting room 2, MedCom',
    presenter: 'Carsten Vang',
    recommendation: 'approves the timetable for certifying the GP systems this autumn',
    background:
      'The GP systems must be certified on the new version of the care plan module before practices can use it. Three of four vendors have given a date.',
    risks: [
      ['Technology', 'Certification of the GP systems delayed'],
      ['Adoption', 'Too few practices use the care plans'],
    ],
    action: 'Send the draft test plan to the vendors',
  },
};

/** A Tuesday three to four weeks after `today`: far enough ahead for every reminder to be planned. */
function sampleMeetingDate(today: string): string {
  const d = addDays(today, 21);
  return addDays(d, (2 - isoWeekday(d) + 7) % 7);
}

/**
 * The group's next meeting (standing items; the GP-systems item with a recommendation), two
 * risks and an open action point, made through the same use-cases as the chat commands, by the
 * chair, dated from the clock at seeding.
 */
function seedSample(db: Db, tx: Tx, group: Group): void {
  const text = SAMPLE[group.locale];
  const person = (m: Member): Person => ({ name: m.name, aadObjectId: m.aadObjectId, teamsId: m.teamsId });
  const chair = person(group.roster.find((m) => m.role === 'chair')!);
  const date = sampleMeetingDate(groupToday(group, tx.now));
  const meeting = createMeeting(db, tx, { groupId: group.id, actor: chair, date, start: '12:30', end: '14:00', location: text.location });
  const item = meeting.items.find((i) => /lægesystem/i.test(i.title)) ?? meeting.items[Math.min(3, meeting.items.length - 1)];
  item.presenter = text.presenter;
  item.recommendation = [text.recommendation];
  item.background = text.background;
  for (const [category, title] of text.risks) addRisk(db, tx, { groupId: group.id, actor: chair, category, title });
  const owner = person(group.roster.find((m) => m.name === text.presenter)!);
  createAction(db, tx, {
    groupId: group.id,
    actor: chair,
    text: text.action,
    owner,
    due: addDays(date, -7),
    source: { kind: 'chat', meeting: null, item: null, risk: null },
  });
}
