import { DateTime } from 'luxon';
import { z } from 'zod';
import { approveMinutes, defaultMinutesMeeting, findMeeting, recordAmendment } from '../../app/minutes.js';
import { MINUTES_FORMATS, minutesFilename, renderMinutesFile, type MinutesFormat } from '../../app/minutes-files.js';
import type { Services } from '../../app/services.js';
import { renderMinutesCard } from '../../cards/minutes-card.js';
import type { CardJson } from '../../cards/render.js';
import { VERBS } from '../../cards/verbs.js';
import type { Group, Locale } from '../../domain/model.js';
import { AppError } from '../../errors.js';
import { buildMinutes } from '../../export/minutes-model.js';
import { fileLink } from '../../http/file-links.js';
import { checkDownloadUrl } from '../../import/download-policy.js';
import { registerMessages, t } from '../../i18n/index.js';
import minutesMessages from '../../i18n/messages/minutes.js';
import { cardAction } from '../card-action.js';
import { cardGroup } from '../card-group.js';
import { replyError } from '../reply-error.js';
import { REPLY_TIMEOUT_MS, withTimeout } from '../timeout.js';
import type { CardActionDef, CommandDef, EventDef, Feature, TurnCtx } from '../types.js';

registerMessages(minutesMessages);

/**
 * Minutes ("referat", issue #9): the minutes card, approval (card button, `godkend referat`, or
 * the next meeting's "Godkendelse af referat" item — see src/app/minutes.ts), amendments, and the
 * files: a signed link served by the bot in channels and group chats (src/http/files.ts), the
 * Teams file consent flow in personal chat.
 */

export const FILE_CONSENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** Upload of the file to the user's OneDrive on "Allow" (inside the invoke turn). */
const UPLOAD_TIMEOUT_MS = 8000;

const groupId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const meetingNo = z.number().int().min(1).max(100_000);
const cardData = z.object({ groupId, meeting: meetingNo, lang: z.enum(['da', 'en']).optional() });
const fileData = cardData.extend({ format: z.enum(MINUTES_FORMATS) });

/** "referat 2" → 2; "referat" → null. */
function meetingArg(args: string, locale: Locale): number | null {
  const a = args.trim();
  if (!a) return null;
  if (!/^\d{1,5}$/.test(a))
    throw new AppError('bad_command', {
      detail: locale === 'da' ? 'skriv et mødenummer, fx "referat 2"' : 'give a meeting number, e.g. "minutes 2"',
    });
  return Number(a);
}

/** The minutes card of meeting N as the store has it now. */
export function minutesCard(
  services: Services,
  group: Group,
  meeting: number,
  locale: Locale,
  download?: { url: string; filename: string; until: string } | null,
): CardJson {
  const view = buildMinutes(services.store.read(), group.id, meeting, { locale, now: services.clock.now() });
  return renderMinutesCard(view, { groupId: group.id, download }).card;
}

const untilText = (at: Date, zone: string, locale: Locale) =>
  DateTime.fromJSDate(at)
    .setZone(zone)
    .toFormat(locale === 'en' ? 'HH:mm' : 'H.mm'); // clockTime's format (src/domain/dates.ts)

const commands: CommandDef[] = [
  {
    id: 'minutes',
    names: { da: ['referat'], en: ['minutes'] },
    usage: { da: 'referat [mødenr]', en: 'minutes [meeting no]' },
    summary: {
      da: 'Viser referatet af sidste (eller N.) møde, med knapper til godkendelse og Word/Markdown.',
      en: 'Shows the minutes of the last (or Nth) meeting, with buttons to approve and download as Word/Markdown.',
    },
    section: 'minutes',
    who: 'all',
    async run(ctx, args) {
      const group = ctx.group();
      const n =
        meetingArg(args, ctx.locale) ??
        ctx.linkedMeeting() ??
        defaultMinutesMeeting(ctx.services.store.read(), group, ctx.services.clock.now()).number;
      findMeeting(ctx.services.store.read(), group.id, n);
      await ctx.reply(minutesCard(ctx.services, group, n, ctx.locale));
    },
  },
  {
    id: 'minutes-approve',
    names: { da: ['godkend referat', 'godkend referatet'], en: ['approve minutes'] },
    usage: { da: 'godkend referat [mødenr]', en: 'approve minutes [meeting no]' },
    summary: {
      da: 'Godkender referatet (formanden). Derefter kan beslutningerne ikke ændres, kun rettes.',
      en: 'Approves the minutes (chair). Decisions are then frozen; corrections become amendments.',
    },
    section: 'minutes',
    who: 'chair',
    async run(ctx, args) {
      const group = ctx.group();
      const n =
        meetingArg(args, ctx.locale) ??
        ctx.linkedMeeting() ??
        defaultMinutesMeeting(ctx.services.store.read(), group, ctx.services.clock.now()).number;
      const res = await ctx.services.store.update((db, tx) =>
        approveMinutes(db, tx, { groupId: group.id, meetingNumber: n, actor: ctx.actor }),
      );
      await ctx.reply(
        ctx.t(res.changed ? 'minutes.approved' : 'minutes.already_approved', { number: n, version: res.meeting.minutes.version }),
      );
    },
  },
  {
    id: 'minutes-amend',
    names: { da: ['rettelse'], en: ['amend', 'amendment'] },
    usage: { da: 'rettelse mødenr [punkt N] tekst', en: 'amend meeting-no [item N] text' },
    summary: {
      da: 'Tilføjer en rettelse til referatet (formand, referent); vises i næste udgave.',
      en: 'Adds an amendment to the minutes (chair, minute-taker); shown in the next version.',
    },
    section: 'minutes',
    who: 'chair/referent',
    async run(ctx, args) {
      const m = /^(\d{1,5})\s*[:.,-]?\s*(?:(?:punkt|pkt\.?|item)\s*(\d{1,3})\s*[:.,-]?\s*)?([\s\S]*)$/i.exec(args.trim());
      if (!m) throw new AppError('bad_command', { detail: ctx.locale === 'da' ? 'rettelse 2 punkt 4: tekst' : 'amend 2 item 4: text' });
      const group = ctx.group();
      const n = Number(m[1]);
      const meeting = await ctx.services.store.update((db, tx) =>
        recordAmendment(db, tx, {
          groupId: group.id,
          meetingNumber: n,
          item: m[2] ? Number(m[2]) : null,
          text: m[3] ?? '',
          actor: ctx.actor,
        }),
      );
      await ctx.reply(ctx.t('minutes.amended', { number: n, version: meeting.minutes.version }));
    },
  },
];

const minutesGroup = (ctx: TurnCtx, groupId: string) => cardGroup(ctx, groupId, 'minutes');

/** "Godkend referat" on the minutes card: everybody's copy shows the approval. */
const approveButton = cardAction({
  verb: VERBS.minutesApprove,
  data: cardData,
  what: 'card data',
  group: minutesGroup,
  async run(ctx, d, group) {
    const locale = d.lang ?? group.locale;
    ctx.locale = locale;
    const res = await ctx.services.store.update((db, tx) =>
      approveMinutes(db, tx, { groupId: group.id, meetingNumber: d.meeting, actor: ctx.actor }),
    );
    const build = () => minutesCard(ctx.services, group, d.meeting, locale);
    // Everybody's copy of the card shows the approval (coalesced PUT after the turn); the
    // clicker gets it at once as the invoke response.
    const replyTo = ctx.turn.activity.replyToId;
    if (res.changed && replyTo && ctx.turn.activity.type === 'invoke') ctx.services.delivery.updateCard(ctx.conversation, replyTo, build);
    return { card: build() };
  },
});

/** A minutes file (Word, Markdown): a consent card in personal chat, a download link elsewhere. */
const fileButton = cardAction({
  verb: VERBS.minutesFile,
  data: fileData,
  what: 'card data',
  group: minutesGroup,
  async run(ctx, d, group) {
    const locale = d.lang ?? group.locale;
    ctx.locale = locale;
    findMeeting(ctx.services.store.read(), group.id, d.meeting);
    if (ctx.conversation.conversationType === 'personal') return { message: await offerFile(ctx, group, d.meeting, d.format) };
    const link = fileLink(ctx.services, { groupId: group.id, meeting: d.meeting, format: d.format });
    const filename = minutesFilename(d.meeting, d.format, group.locale);
    return {
      card: minutesCard(ctx.services, group, d.meeting, locale, {
        url: link.url,
        filename,
        until: untilText(link.expiresAt, group.timezone, locale),
      }),
    };
  },
});

const cardActions: CardActionDef[] = [approveButton, fileButton];

/**
 * Personal chat: a file consent card (Teams asks the user where to save it, then sends
 * `fileConsent/invoke`). Sent through the outbox, so the click itself makes no connector call.
 */
async function offerFile(ctx: TurnCtx, group: Group, meeting: number, format: MinutesFormat): Promise<string> {
  const file = await renderMinutesFile(ctx.services.store.read(), group.id, meeting, format, ctx.services.clock.now());
  const context = { groupId: group.id, meeting, format };
  const attachment = {
    contentType: FILE_CONSENT_TYPE,
    name: file.filename,
    content: {
      description: t(group.locale, 'minutes.consent_description', { number: meeting, format: format === 'docx' ? 'Word' : 'Markdown' }),
      sizeInBytes: file.bytes.length,
      acceptContext: context,
      declineContext: context,
    },
  };
  await ctx.services.store.update((db, tx) =>
    tx.enqueue({
      groupId: group.id,
      conversation: ctx.conversation,
      activity: { type: 'message', attachments: [attachment] },
      ref: { kind: 'minutesFile', meeting, format },
    }),
  );
  ctx.services.delivery.kick();
  return ctx.t('minutes.consent_sent', { filename: file.filename });
}

const consentSchema = z.object({
  type: z.literal('fileUpload').optional(),
  action: z.enum(['accept', 'decline']),
  context: fileData.omit({ lang: true }),
  uploadInfo: z
    .object({
      name: z.string().max(300).optional(),
      uploadUrl: z.string().max(4000).optional(),
      contentUrl: z.string().max(4000).optional(),
      uniqueId: z.string().max(300).optional(),
      fileType: z.string().max(50).optional(),
    })
    .passthrough()
    .optional(),
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Where the bytes may go: the user's OneDrive/SharePoint as Teams names it (same host list as
 * agenda downloads: https, Microsoft 365 file hosts). In local mode (no app id) also loopback,
 * so tests and the playground can stand in for OneDrive.
 */
export function checkUploadUrl(url: string, localMode: boolean): URL {
  if (localMode) {
    try {
      const u = new URL(url);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname) && !u.username && !u.password) return u;
    } catch {
      /* fall through to the policy's own error */
    }
  }
  try {
    return checkDownloadUrl(url);
  } catch {
    throw new AppError('minutes_upload_host');
  }
}

const fileConsentEvent: EventDef = {
  matches: (turn) => turn.activity.type === 'invoke' && turn.activity.name === 'fileConsent/invoke',
  async run(ctx) {
    // Answer the invoke first: the adapter sends it when the turn ends, whatever happens below.
    await ctx.turn.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
    try {
      await handleConsent(ctx);
    } catch (err) {
      await replyError(ctx, err);
    }
  },
};

async function handleConsent(ctx: TurnCtx): Promise<void> {
  const parsed = consentSchema.safeParse(ctx.turn.activity.value);
  if (!parsed.success) throw new AppError('bad_input', { detail: 'file consent' });
  const { action, context, uploadInfo } = parsed.data;
  const group = cardGroup(ctx, context.groupId, 'minutes');
  ctx.locale = group.locale;
  const { services } = ctx;
  if (action === 'decline') {
    await ctx.reply(ctx.t('minutes.upload_declined', { filename: uploadInfo?.name ?? `${context.format}` }));
    return;
  }
  if (!uploadInfo?.uploadUrl) throw new AppError('bad_input', { detail: 'file consent without uploadUrl' });
  const target = checkUploadUrl(uploadInfo.uploadUrl, !services.config.authEnabled);
  const file = await renderMinutesFile(services.store.read(), group.id, context.meeting, context.format, services.clock.now());
  const size = file.bytes.length;
  let status = 0;
  try {
    const res = await fetch(target.href, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${size - 1}/${size}`, 'Content-Type': file.contentType },
      body: new Uint8Array(file.bytes),
      redirect: 'manual',
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
  } catch (err) {
    services.log.warn({ err: String(err), host: target.hostname }, 'minutes upload failed');
  }
  if (status !== 200 && status !== 201) {
    services.log.warn({ status, host: target.hostname }, 'minutes upload refused');
    await ctx.reply(
      ctx.t('minutes.upload_failed', { reason: status ? `HTTP ${status}` : ctx.locale === 'da' ? 'ingen forbindelse' : 'no connection' }),
    );
    return;
  }
  const name = uploadInfo.name || file.filename;
  services.log.info({ groupId: group.id, meeting: context.meeting, format: context.format, bytes: size }, 'minutes uploaded to OneDrive');
  await withTimeout(
    ctx.turn.sendActivity({
      type: 'message',
      text: ctx.t('minutes.upload_done', { filename: name }),
      attachments: [
        {
          contentType: FILE_INFO_TYPE,
          contentUrl: uploadInfo.contentUrl,
          name,
          content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? context.format },
        },
      ],
    }),
    REPLY_TIMEOUT_MS,
    () => new AppError('reply_timeout'),
  );
}

export function minutesFeature(): Feature {
  return { name: 'minutes', commands, cardActions, events: [fileConsentEvent] };
}
