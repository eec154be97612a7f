/**
 * Generated history for the store-size benchmark: `groups × years` group-years, each with
 * 3 meetings (7 decided agenda items, attendance, approved minutes), 10 risks (description,
 * corrective actions, rating history), 16 people on the roster (15 voters, 1 observer), 30 action points, 1 vote round
 * with 15 ballots, the reminders, jobs and outbox items those leave behind, and their audit
 * entries (~115 per group-year). The last year of the first group has an open round (14 ballots
 * in it) for the measured writes. Deterministic.
 */
import {
  emptyDb,
  type AgendaItem,
  type AuditEntry,
  type Ballot,
  type Db,
  type Group,
  type Member,
  type Rating,
} from '../../src/domain/model.js';
import { defaultReminderOffsets } from '../../src/domain/reminder-plan.js';
import { RISK_TEXTS, aadFor, seeded, teamsIdFor } from '../../test/helpers/risk-world.js';

const ORGS = ['MedCom', 'PLO', 'KiAP', 'PLSP', 'Danske Regioner', 'Sundhedsdatastyrelsen'];
const NAMES = [
  'Anna Holm',
  'Bent Lund',
  'Carsten Vang',
  'Dorthe Kjær',
  'Erik Sand',
  'Frida Mose',
  'Gustav Eng',
  'Hanne Bach',
  'Ib Skov',
  'Jette Dahl',
  'Karsten Krogh',
  'Lise Bruun',
  'Mads Lykke',
  'Nina Winther',
  'Ole Juhl',
  'Pia Nørgaard',
];
const COLOURS: Rating[] = ['green', 'yellow', 'yellow', 'red'];
const PROSE =
  'Sekretariatet har sammen med leverandørerne gennemgået status for de tekniske leverancer. Certificeringen af lægesystemerne er gennemført for to ud af fire systemer, og de resterende forventes certificeret inden udgangen af kvartalet. Styregruppen orienteres om risici og afhængigheder.';

export const OPEN_ROUND_GROUP = 'g1';

export function historyDb(groups: number, years: number): Db {
  const db = emptyDb();
  const rnd = seeded(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  let seq = 0;
  const audit = (e: Omit<AuditEntry, 'at'> & { at: string }) => db.audit.push(e);
  for (let g = 1; g <= groups; g++) {
    const gid = `g${g}`;
    const roster: Member[] = NAMES.map((name, i) => ({
      name,
      aadObjectId: aadFor(g * 100 + i),
      teamsId: teamsIdFor(g * 100 + i),
      role: i === 0 ? 'chair' : i === 1 ? 'referent' : i === 15 ? 'observer' : 'member',
      organisation: ORGS[i % ORGS.length],
    }));
    const conversation = {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversationId: `19:${gid}-chat@thread.v2`,
      conversationType: 'groupChat' as const,
      tenantId: 'tenant-secretariat',
      botId: '28:styrebot',
    };
    const group: Group = {
      id: gid,
      name: `Operationel styregruppe ${g}`,
      createdAt: '2016-01-04T08:00:00.000Z',
      locale: 'da',
      timezone: 'Europe/Copenhagen',
      conversation,
      roster,
      standingItems: ['Velkomst og godkendelse af referat', 'Eventuelt'],
      reminderOffsets: defaultReminderOffsets(),
      escalationTarget: null,
      linkedChats: [],
      counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
    };
    db.groups.push(group);
    const voters = roster.filter((m) => m.role !== 'observer');
    const chair = roster[0].aadObjectId!;
    for (let y = 0; y < years; y++) {
      const year = 2026 - years + 1 + y;
      const last = y === years - 1;
      // Meetings
      const meetingNos: number[] = [];
      for (const [k, md] of ['02-24', '06-16', '10-22'].entries()) {
        const number = ++group.counters.meeting;
        meetingNos.push(number);
        const date = `${year}-${md}`;
        const at = `${date}T10:30:00.000Z`;
        const items: AgendaItem[] = Array.from({ length: 7 }, (_, i) => ({
          number: i + 1,
          title: `${RISK_TEXTS[(i + k) % RISK_TEXTS.length].category}: ${RISK_TEXTS[(i + k) % RISK_TEXTS.length].title}`,
          presenter: NAMES[(i + k) % 7].split(' ')[0],
          annexes: i % 3 === 0 ? [`Bilag ${i + 1}. Notat om status`] : [],
          recommendation: ['Det indstilles, at styregruppen tager orienteringen til efterretning.'],
          background: PROSE,
          proposal: i % 2 ? 'Sekretariatet foreslår, at opfølgningen flyttes til næste møde.' : null,
          nextSteps: null,
          outcome: i % 4 === 0 ? 'approved' : 'noted',
          decision: `Styregruppen tog punkt ${i + 1} til efterretning og bad sekretariatet følge op.`,
          by: roster[1].aadObjectId,
          byName: roster[1].name,
          at,
        }));
        db.meetings.push({
          groupId: gid,
          number,
          title: `${number}. møde i ${group.name}`,
          date,
          start: '12:30',
          end: '14:00',
          location: 'Mødelokale 2 og Teams',
          joinUrl: null,
          status: 'held',
          participants: roster.map((m) => ({ name: m.name, organisation: m.organisation, role: m.role === 'chair' ? 'Formand' : null })),
          attendance: roster.map((m, i) => ({ name: m.name, aadObjectId: m.aadObjectId, present: i % 7 !== 3 })),
          items,
          minutes: { status: 'approved', approvedBy: chair, approvedAt: at, amendments: [], version: 1 },
          createdAt: `${year}-01-05T09:00:00.000Z`,
        });
        audit({
          at: `${year}-01-05T09:00:00.000Z`,
          actor: chair,
          action: 'meeting.create',
          groupId: gid,
          target: String(number),
          after: { date },
        });
        for (const it of items)
          audit({
            at,
            actor: roster[1].aadObjectId!,
            action: 'item.decide',
            groupId: gid,
            target: `${number}.${it.number}`,
            after: { outcome: it.outcome, decision: it.decision },
          });
        audit({ at, actor: chair, action: 'minutes.approve', groupId: gid, target: String(number), after: { version: 1 } });
        for (const kind of ['T-14d', 'T-2d', 'T-1h']) {
          const id = `rem-${++seq}`;
          const outboxId = `out-${++seq}`;
          db.reminders.push({
            id,
            groupId: gid,
            meeting: number,
            kind,
            to: null,
            dueAt: at,
            status: 'sent',
            late: false,
            sentAt: at,
            outboxId,
            activityId: `1:${outboxId}`,
          });
          db.outbox.push({
            id: outboxId,
            groupId: gid,
            conversation,
            activity: { type: 'message', text: `Påmindelse: ${number}. møde ${date} kl. 12.30. Dagsordenen ligger i kanalen.` },
            purpose: `reminder:${id}`,
            status: 'sent',
            attempts: 1,
            createdAt: at,
            nextAttemptAt: at,
            sentAt: at,
            activityId: `1:${outboxId}`,
            lastError: null,
          });
        }
      }
      // Risks
      const riskIds: string[] = [];
      for (let r = 0; r < 10; r++) {
        const id = `R${++group.counters.risk}`;
        riskIds.push(id);
        const t = RISK_TEXTS[r];
        const history = Array.from({ length: 1 + (r % 3) }, (_, h) => ({
          date: `${year}-${['02-24', '06-16', '10-22'][h]}`,
          rating: pick(COLOURS),
          tally: { green: 3 + h, yellow: 8, red: 3 - h },
          disagreement: h === 0,
          round: `V${group.counters.round + 1}`,
          meeting: meetingNos[h],
        }));
        db.risks.push({
          groupId: gid,
          id,
          category: t.category,
          title: `${t.title} (${year})`,
          description: t.description,
          owner: { name: roster[r % 14].name, aadObjectId: roster[r % 14].aadObjectId },
          rating: history.at(-1)!.rating,
          correctiveActions: t.actions,
          status: last ? 'open' : 'retired',
          history,
          createdAt: `${year}-01-10T09:00:00.000Z`,
          createdBy: roster[r % 14].aadObjectId!,
        });
        audit({
          at: `${year}-01-10T09:00:00.000Z`,
          actor: roster[r % 14].aadObjectId!,
          action: 'risk.add',
          groupId: gid,
          target: id,
          after: { category: t.category, title: t.title, description: t.description },
        });
      }
      // One vote round with 15 ballots (the first group's last one stays open, with 14)
      const open = last && gid === OPEN_ROUND_GROUP;
      const roundId = `V${++group.counters.round}`;
      const ballots: Ballot[] = voters.slice(0, open ? 14 : 15).map((m, i) => {
        const choices = Object.fromEntries(riskIds.map((rid) => [rid, pick(COLOURS)])) as Record<string, Rating>;
        const at = `${year}-06-0${1 + (i % 9)}T08:00:00.000Z`;
        audit({
          at,
          actor: m.aadObjectId!,
          action: 'vote.cast',
          groupId: gid,
          target: roundId,
          before: null,
          after: { choices, comment: null },
        });
        return {
          voter: m.aadObjectId!,
          voterName: m.name,
          choices,
          comment: i % 6 === 0 ? 'Certificeringen bør følges tæt.' : null,
          at,
          sentAt: at,
        };
      });
      db.voteRounds.push({
        groupId: gid,
        id: roundId,
        status: open ? 'open' : 'closed',
        openedBy: chair,
        openedAt: `${year}-06-01T07:00:00.000Z`,
        deadline: open ? '2099-06-16T12:00:00.000Z' : `${year}-06-16T12:00:00.000Z`,
        meeting: meetingNos[1],
        riskIds,
        ballots,
        result: open ? null : Object.fromEntries(riskIds.map((rid) => [rid, 'yellow'])),
        overrides: {},
        closedAt: open ? null : `${year}-06-16T12:00:00.000Z`,
        closedBy: open ? null : chair,
        card: { conversationId: conversation.conversationId, activityId: `1:ballot-${gid}-${roundId}` },
      });
      audit({ at: `${year}-06-01T07:00:00.000Z`, actor: chair, action: 'vote.open', groupId: gid, target: roundId, after: { riskIds } });
      if (!open)
        audit({
          at: `${year}-06-16T12:00:00.000Z`,
          actor: 'system',
          action: 'vote.close',
          groupId: gid,
          target: roundId,
          after: { result: 'median' },
        });
      db.jobs.push({
        id: `job-${++seq}`,
        kind: 'vote.close',
        dueAt: `${open ? 2099 : year}-06-16T12:00:00.000Z`,
        payload: { groupId: gid, roundId },
        status: open ? 'pending' : 'done',
        doneAt: open ? null : `${year}-06-16T12:00:05.000Z`,
        error: null,
      });
      // 30 action points
      for (let a = 0; a < 30; a++) {
        const id = `A${++group.counters.action}`;
        const owner = roster[a % 14];
        const done = !last || a < 20;
        const at = `${year}-${String(2 + (a % 9)).padStart(2, '0')}-15T11:00:00.000Z`;
        db.actions.push({
          groupId: gid,
          id,
          text: `Sekretariatet følger op på ${RISK_TEXTS[a % 10].title.toLowerCase()} og orienterer styregruppen`,
          owner: { name: owner.name, aadObjectId: owner.aadObjectId, teamsId: owner.teamsId },
          due: `${year}-11-30`,
          status: done ? 'done' : 'open',
          source: { kind: 'item', meeting: meetingNos[a % 3], item: 1 + (a % 7), risk: null },
          createdBy: roster[1].aadObjectId!,
          createdAt: at,
          doneBy: done ? owner.aadObjectId : null,
          doneAt: done ? `${year}-11-20T09:00:00.000Z` : null,
        });
        audit({
          at,
          actor: roster[1].aadObjectId!,
          action: 'action.add',
          groupId: gid,
          target: id,
          after: { text: db.actions.at(-1)!.text, owner: owner.name },
        });
        if (done) audit({ at: `${year}-11-20T09:00:00.000Z`, actor: owner.aadObjectId!, action: 'action.done', groupId: gid, target: id });
      }
      for (let p = 0; p < 15; p++) db.processed.push({ key: `ballot:${gid}:f:${year}-${p}`, at: `${year}-06-10T08:00:00.000Z` });
    }
  }
  if (db.processed.length > 5000) db.processed.splice(0, db.processed.length - 5000);
  db.seq = seq;
  return db;
}
