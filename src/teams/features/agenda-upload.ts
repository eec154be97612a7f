/**
 * The agenda file upload in personal chat (or the group's chat): download from Microsoft 365
 * hosts only → preview card → agenda.import.confirm / .cancel / .group, and the operator's
 * `styrebot agenda import FILE` sent to the running bot. Use-cases: src/app/agenda-import.ts.
 */
import type { TurnContext } from 'botbuilder';
import {
  addPendingImport,
  cancelPendingImport,
  confirmPendingImport,
  importableGroups,
  importAgendaAsOperator,
  pickImportGroup,
  planAgendaImport,
} from '../../app/agenda-import.js';
import { groupForConversation, groupsOf, requireGroup } from '../../app/groups.js';
import type { Services } from '../../app/services.js';
import { noticeView } from '../../cards/views/core.js';
import { renderCard, type CardJson } from '../../cards/render.js';
import { agendaPreviewView, pickGroupView } from '../../cards/views/meetings.js';
import { VERBS } from '../../cards/verbs.js';
import { clockRange, formatDanishDate } from '../../domain/dates.js';
import type { ImportPlan } from '../../domain/import-plan.js';
import type { Db, Group, Locale, PendingImport } from '../../domain/model.js';
import { findMember, may, personKey } from '../../domain/roster.js';
import { AppError, isAppError } from '../../errors.js';
import { checkDownloadUrl, downloadAgenda, type FetchLike } from '../../import/download-policy.js';
import { DEFAULT_IMPORT_LIMITS, readAgendaBuffer } from '../../import/read-agenda-file.js';
import { errorText, t } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';
import type { CardActionDef, EventDef, Feature, TurnCtx } from '../types.js';
import { CARD_ID as id, parseCard as parse } from '../card-action.js';
import { whenText } from '../../cards/views/meetings.js';
import { z } from 'zod';

const now = (ctx: TurnCtx) => ctx.services.clock.now();
const when = whenText;

function noticeCard(title: string, text: string, style: 'good' | 'default' | 'warning' | 'attention' | 'accent' = 'default') {
  return renderCard('notice', noticeView(title, text, style));
}

function previewCard(locale: Locale, db: Readonly<Db>, p: PendingImport): CardJson {
  let plan: ImportPlan | null = null;
  let blocked: string | null = null;
  try {
    plan = planAgendaImport(db, p.groupId!, p.agenda);
  } catch (err) {
    if (!isAppError(err)) throw err;
    blocked = errorText(locale, err);
  }
  const group = requireGroup(db, p.groupId!);
  return renderCard(
    'agenda-preview',
    agendaPreviewView(locale, { pendingId: p.id, filename: p.filename, groupName: group.name, agenda: p.agenda, plan, blocked }),
  );
}

function importDoneCard(locale: Locale, db: Readonly<Db>, p: PendingImport): CardJson {
  const group = db.groups.find((g) => g.id === p.groupId);
  const r = p.result;
  if (!group || !r) return noticeCard(t(locale, 'import.done.title'), '', 'good');
  const m = db.meetings.find((x) => x.groupId === group.id && x.number === r.meeting);
  const lines = [
    t(locale, r.filled ? 'import.done.filled' : 'import.done', {
      number: r.meeting,
      group: group.name,
      when: m ? when(locale, m) : '',
      items: plural(locale, m?.items.length ?? 0, 'item'),
    }),
  ];
  const created = r.created.map((n) => db.meetings.find((x) => x.groupId === group.id && x.number === n)).filter(Boolean);
  if (created.length)
    lines.push(
      t(locale, 'import.done.created', {
        list: created.map((c) => `${c!.number}. (${formatDanishDate(c!.date, locale)} ${clockRange(c!.start, c!.end, locale)})`).join(', '),
      }),
    );
  lines.push(t(locale, 'import.done.hint', { number: r.meeting }));
  return noticeCard(t(locale, 'import.done.title'), lines.join('\n\n'), 'good');
}

const pendingPayload = z.object({ pending: id });

const confirmImportAction: CardActionDef = {
  verb: VERBS.agendaImportConfirm,
  async run(ctx, data) {
    const { pending } = parse(pendingPayload, data, 'agenda.import.confirm');
    const { pending: p } = await ctx.services.store.update((db, tx) => confirmPendingImport(db, tx, { id: pending, actor: ctx.actor }));
    return { card: importDoneCard(ctx.locale, ctx.services.store.read(), p) };
  },
};

const cancelImportAction: CardActionDef = {
  verb: VERBS.agendaImportCancel,
  async run(ctx, data) {
    const { pending } = parse(pendingPayload, data, 'agenda.import.cancel');
    await ctx.services.store.update((db, tx) => cancelPendingImport(db, tx, { id: pending, actor: ctx.actor }));
    return { card: noticeCard(ctx.t('import.cancelled.title'), ctx.t('import.cancelled')) };
  },
};

const pickGroupAction: CardActionDef = {
  verb: VERBS.agendaImportPickGroup,
  async run(ctx, data) {
    const p = parse(pendingPayload.extend({ groupId: id }), data, ctx.t('pick.error'));
    const pending = await ctx.services.store.update((db, tx) =>
      pickImportGroup(db, tx, { id: p.pending, actor: ctx.actor, groupId: p.groupId }),
    );
    return { card: previewCard(ctx.locale, ctx.services.store.read(), pending) };
  },
};

// ------------------------------------------------------------------------------------------
// File upload (personal chat): Teams' file-download-info attachment
// ------------------------------------------------------------------------------------------

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
/** The largest agenda file any reader accepts (PDF); the download stops beyond it. */
export const MAX_UPLOAD_BYTES = Math.max(DEFAULT_IMPORT_LIMITS.textBytes, DEFAULT_IMPORT_LIMITS.docxBytes, DEFAULT_IMPORT_LIMITS.pdfBytes);
export const DOWNLOAD_TIMEOUT_MS = 10_000;

/** The network port of the upload path (tests replace `fetch` to serve a file from an allowed host). */
export const uploadPorts: { fetch: FetchLike } = { fetch: (url, init) => fetch(url, init) };

const fileAttachment = (turn: TurnContext) => (turn.activity.attachments ?? []).find((a) => a.contentType === FILE_DOWNLOAD_INFO);

/** The groups this upload may go to: the conversation's own group, else the sender's chair/referent groups. */
function uploadCandidates(ctx: TurnCtx, db: Readonly<Db>): Group[] {
  const own = groupForConversation(db, ctx.conversation.conversationId);
  const groups = own ? (may(own.group, ctx.actor, 'manageMeetings') ? [own.group] : []) : importableGroups(db, ctx.actor);
  if (groups.length) return groups;
  const member = own ? !!findMember(own.group, ctx.actor) : groupsOf(db, ctx.actor).length > 0;
  const code = member ? 'not_chair_or_referent' : db.groups.length ? 'not_member' : 'no_group';
  ctx.services.security.record({
    at: now(ctx).toISOString(),
    actor: personKey(ctx.actor),
    conversationId: ctx.conversation.conversationId,
    code,
    detail: 'agenda upload',
  });
  throw new AppError(code);
}

const safeFilename = (name: unknown, fileType: unknown): string => {
  const base = typeof name === 'string' && name.trim() ? name.trim() : `dagsorden.${typeof fileType === 'string' ? fileType : 'txt'}`;
  return base.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
};

const uploadEvent: EventDef = {
  matches: (turn) => turn.activity.type === 'message' && !!fileAttachment(turn),
  async run(ctx) {
    const att = fileAttachment(ctx.turn)!;
    const content = (att.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
    const filename = safeFilename(att.name, content.fileType);
    const candidates = uploadCandidates(ctx, ctx.services.store.read());
    if (candidates.length === 1) ctx.locale = candidates[0].locale;
    if (typeof content.downloadUrl !== 'string' || !content.downloadUrl) throw new AppError('upload_no_url');
    try {
      checkDownloadUrl(content.downloadUrl);
    } catch (err) {
      ctx.services.security.record({
        at: now(ctx).toISOString(),
        actor: personKey(ctx.actor),
        conversationId: ctx.conversation.conversationId,
        code: 'download_host_not_allowed',
        detail: String(content.downloadUrl).slice(0, 200),
      });
      throw err;
    }
    const file = await downloadAgenda(content.downloadUrl, {
      fetch: uploadPorts.fetch,
      maxBytes: MAX_UPLOAD_BYTES,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
    });
    const agenda = await readAgendaBuffer(file.buffer, filename);
    const pending = await ctx.services.store.update((db, tx) =>
      addPendingImport(db, tx, { actor: ctx.actor, candidates: candidates.map((g) => g.id), filename, agenda }),
    );
    const db = ctx.services.store.read();
    if (pending.groupId) await ctx.reply(previewCard(ctx.locale, db, pending));
    else await ctx.reply(renderCard('pick-group', pickGroupView(ctx.locale, { pendingId: pending.id, filename, groups: candidates })));
  },
};

export function agendaUploadFeature(): Feature {
  return {
    name: 'agenda-upload',
    cardActions: [confirmImportAction, cancelImportAction, pickGroupAction],
    events: [uploadEvent],
    admin: {
      /** `styrebot agenda import FILE` while the bot runs: the CLI parses, the bot writes. */
      'agenda.import': (services: Services, args: unknown) => importAgendaAsOperator(services.store, args),
    },
  };
}
