/**
 * Material (bilag) in Teams: `bilag <mødenr>.<nr> <https-link> [navn]` attaches a sharing link,
 * `bilag <mødenr>.<nr>` lists the item's material, `fjern bilag <mødenr>.<nr> <navn|nr>` removes
 * one (English: material / remove material). In personal chat a file sent with the text
 * `bilag <mødenr>.<nr> [navn]` is attached by its SharePoint/OneDrive link: Teams delivers files to
 * bots only there, and the bot keeps the link and the name, never the file (it does not even open
 * the short-lived download URL). The posted item card is updated for everyone.
 * Use-cases: src/app/material.ts; rules: src/domain/material.ts, src/domain/link-hosts.ts.
 */
import type { TurnContext } from 'botbuilder';
import { attachMaterial, removeMaterial, type MaterialResult } from '../../app/material.js';
import { defaultMeeting, findItem, findMeeting } from '../../app/meetings.js';
import { renderCard } from '../../cards/render.js';
import { agendaItemView } from '../../cards/views/meetings.js';
import { materialLabel, materialOf } from '../../domain/material.js';
import type { AgendaItem, ConversationRef, Group, Meeting } from '../../domain/model.js';
import { AppError } from '../../errors.js';
import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/material.js';
import { normaliseText } from '../command-parser.js';
import type { CommandDef, EventDef, Feature, TurnCtx } from '../types.js';

registerMessages(messages);

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const NAMES = { da: ['bilag'], en: ['material', 'annex'] };
const REMOVE_NAMES = { da: ['fjern bilag', 'slet bilag'], en: ['remove material', 'remove annex'] };

// ------------------------------------------------------------------------------------------
// What people type
// ------------------------------------------------------------------------------------------

/** Teams may deliver a pasted link as `<a href="…">…</a>` and `&` as `&amp;`: the plain link. */
export function plainLinks(text: string): string {
  return text.replace(/<a\b[^<>]*?\bhref="([^"<>]*)"[^<>]*>[^<]*<\/a>/gi, ' $1 ').replace(/&amp;/g, '&');
}

const LINKISH = /^(?:[a-z][a-z0-9+.-]{0,20}:\/\/|www\.)/i;

export interface MaterialArgs {
  meeting: number | null;
  item: number;
  url: string | null;
  name: string;
}

/** `3.2 https://… Bilag 1` / `2 https://…` / `3.2 Bilag 1` (with a file) / `3.2`; null when the item reference is missing. */
export function parseMaterialArgs(args: string): MaterialArgs | null {
  const words = plainLinks(args).split(' ').filter(Boolean);
  const ref = /^(?:(\d{1,4})\.)?(\d{1,3})\.?$/.exec(words[0] ?? '');
  if (!ref) return null;
  const rest = words.slice(1);
  const at = rest.findIndex((w) => LINKISH.test(w));
  const url = at >= 0 ? rest[at].replace(/^<|>$/g, '') : null;
  const name = (at >= 0 ? [...rest.slice(0, at), ...rest.slice(at + 1)] : rest).join(' ').trim();
  return { meeting: ref[1] ? Number(ref[1]) : null, item: Number(ref[2]), url, name };
}

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

function meetingOf(ctx: TurnCtx, group: Group, number: number | null): Meeting {
  const db = ctx.services.store.read();
  return number !== null ? findMeeting(db, group.id, number) : defaultMeeting(db, group, ctx.services.clock.now(), ctx.linkedMeeting());
}

function conversationOf(group: Group, conversationId: string): ConversationRef | null {
  if (group.conversation.conversationId === conversationId) return group.conversation;
  return group.linkedChats.find((l) => l.conversation.conversationId === conversationId)?.conversation ?? null;
}

/** The item's shared card shows its material: updated for everyone, built from the store when sent. */
function updateItemCard(ctx: TurnCtx, groupId: string, meetingNo: number, itemNo: number): void {
  const db = ctx.services.store.read();
  const group = db.groups.find((g) => g.id === groupId);
  const item = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNo)?.items.find((i) => i.number === itemNo);
  const ref = group && item?.card ? conversationOf(group, item.card.conversationId) : null;
  if (!ref || !item?.card) return;
  ctx.services.delivery.updateCard(ref, item.card.activityId, () => {
    const now = ctx.services.store.read();
    const g = now.groups.find((x) => x.id === groupId);
    const m = now.meetings.find((x) => x.groupId === groupId && x.number === meetingNo);
    const it = m?.items.find((i) => i.number === itemNo);
    return g && m && it ? renderCard('agenda-item', agendaItemView(g.locale, g, m, it, now.vendors, now.actions)) : null;
  });
}

const titleOf = (item: AgendaItem) => (item.title.length > 80 ? `${item.title.slice(0, 79)}…` : item.title);

function stillMissing(ctx: TurnCtx, item: AgendaItem): string {
  const names = materialOf(item)
    .filter((m) => !m.url)
    .map((m) => materialLabel(m.name));
  return names.length ? `\n${ctx.t('material.stillMissing', { names: names.join('; ') })}` : '';
}

function resultText(ctx: TurnCtx, r: MaterialResult): string {
  const params = { label: materialLabel(r.entry.name), item: r.item.number, title: titleOf(r.item), meeting: r.meeting.number };
  return ctx.t(`material.${r.kind}`, params) + (r.kind === 'unchanged' ? '' : stillMissing(ctx, r.item));
}

function listText(ctx: TurnCtx, meeting: Meeting, item: AgendaItem): string {
  const list = materialOf(item);
  const params = { item: item.number, title: titleOf(item), meeting: meeting.number };
  if (!list.length) return ctx.t('material.list.empty', params);
  const lines = list.map((m) =>
    m.url
      ? ctx.t('material.list.line', { label: materialLabel(m.name), url: m.url })
      : ctx.t('material.list.missingLine', { label: materialLabel(m.name) }),
  );
  return [ctx.t('material.list.title', params), ...lines].join('\n');
}

async function attach(ctx: TurnCtx, group: Group, a: MaterialArgs, url: string, fileName: string | null): Promise<MaterialResult> {
  const meeting = meetingOf(ctx, group, a.meeting);
  const r = await ctx.services.store.update((db, tx) =>
    attachMaterial(db, tx, {
      groupId: group.id,
      actor: ctx.actor,
      meeting: meeting.number,
      item: a.item,
      url,
      name: a.name || null,
      fileName,
      extraHosts: ctx.services.config.linkHosts ?? [],
    }),
  );
  if (r.kind !== 'unchanged') updateItemCard(ctx, group.id, r.meeting.number, r.item.number);
  return r;
}

// ------------------------------------------------------------------------------------------
// Commands
// ------------------------------------------------------------------------------------------

const materialCommand: CommandDef = {
  id: 'material',
  names: NAMES,
  usage: { da: 'bilag ‹mødenr›.‹punkt› ‹https-link› [navn]', en: 'material ‹meeting›.‹item› ‹https-link› [name]' },
  summary: {
    da: 'Vedhæft et bilag: indsæt filens delingslink (SharePoint/OneDrive). I personlig chat med mig også selve filen med teksten "bilag ‹mødenr›.‹punkt›".',
    en: 'Attach material: paste the file\'s sharing link (SharePoint/OneDrive). In personal chat with me also the file itself with the text "material ‹meeting›.‹item›".',
  },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const a = parseMaterialArgs(args);
    if (!a) throw new AppError('material_usage');
    const group = ctx.group();
    if (a.url) {
      const r = await attach(ctx, group, a, a.url, null);
      await ctx.reply(resultText(ctx, r));
      return;
    }
    const meeting = meetingOf(ctx, group, a.meeting);
    const item = findItem(meeting, a.item);
    if (a.name && ctx.conversation.conversationType !== 'personal') {
      // A file attached in a group chat or channel never reaches the bot: say how to do it instead.
      await ctx.reply(ctx.t('material.file.hint', { meeting: meeting.number, item: item.number }));
      return;
    }
    if (a.name) throw new AppError('material_usage');
    await ctx.reply(listText(ctx, meeting, item));
  },
};

const removeCommand: CommandDef = {
  id: 'material.remove',
  names: REMOVE_NAMES,
  usage: { da: 'fjern bilag ‹mødenr›.‹punkt› ‹navn eller nr›', en: 'remove material ‹meeting›.‹item› ‹name or no.›' },
  summary: { da: 'Fjern et bilag fra et dagsordenspunkt.', en: 'Remove material from an agenda item.' },
  section: 'meetings',
  who: 'chair/referent',
  async run(ctx, args) {
    const a = parseMaterialArgs(args);
    const ref = a ? [a.name, a.url].filter(Boolean).join(' ') : '';
    if (!a || !ref) throw new AppError('material_remove_usage');
    const group = ctx.group();
    const meeting = meetingOf(ctx, group, a.meeting);
    const r = await ctx.services.store.update((db, tx) =>
      removeMaterial(db, tx, {
        groupId: group.id,
        actor: ctx.actor,
        meeting: meeting.number,
        item: a.item,
        ref,
      }),
    );
    updateItemCard(ctx, group.id, r.meeting.number, r.item.number);
    const text = ctx.t('material.removed', {
      label: materialLabel(r.removed.name),
      item: r.item.number,
      title: titleOf(r.item),
      meeting: r.meeting.number,
    });
    await ctx.reply(text + stillMissing(ctx, r.item));
  },
};

// ------------------------------------------------------------------------------------------
// A file sent with "bilag 3.2" (personal chat)
// ------------------------------------------------------------------------------------------

const files = (turn: TurnContext) => (turn.activity.attachments ?? []).filter((a) => a.contentType === FILE_DOWNLOAD_INFO);

/** The command words and arguments of a file message's text, when it is a material command. */
function materialText(turn: TurnContext): string | null {
  const text = normaliseText(String(turn.activity.text ?? ''))
    .replace(/<at>[^<>]*<\/at>/gi, ' ')
    .trim();
  const lower = text.toLowerCase();
  for (const w of [...NAMES.da, ...NAMES.en]) if (lower === w || lower.startsWith(`${w} `)) return text.slice(w.length).trim();
  return null;
}

const fileEvent: EventDef = {
  // Before the agenda upload (meetings feature): a file with "bilag 3.2" is material, not an agenda to import.
  matches: (turn) => turn.activity.type === 'message' && files(turn).length > 0 && materialText(turn) !== null,
  async run(ctx) {
    const args = materialText(ctx.turn)!;
    if (/^(material|annex)\b/i.test(normaliseText(String(ctx.turn.activity.text ?? '')))) ctx.locale = 'en';
    const a = parseMaterialArgs(args);
    if (!a) throw new AppError('material_usage');
    const group = ctx.group();
    const out: string[] = [];
    const sent = files(ctx.turn);
    for (const f of sent) {
      // contentUrl is the file's place in OneDrive/SharePoint; content.downloadUrl (short-lived, pre-authorised) is never kept or opened.
      const link = typeof f.contentUrl === 'string' ? f.contentUrl : '';
      if (!link) throw new AppError('material_no_link');
      const fileName = typeof f.name === 'string' && f.name.trim() ? f.name.trim() : null;
      const r = await attach(ctx, group, { ...a, name: sent.length === 1 ? a.name : '' }, link, fileName);
      out.push(resultText(ctx, r));
    }
    await ctx.reply(out.join('\n'));
  },
};

export function materialFeature(): Feature {
  return { name: 'material', commands: [materialCommand, removeCommand], events: [fileEvent] };
}
