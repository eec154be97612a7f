import type { Locale, Rating } from '../../domain/model.js';
import { minutesLabels } from '../../export/minutes-labels.js';
import { shorten, tallyText } from '../../export/minutes-format.js';
import type { MinutesView } from '../../export/minutes-view.js';
import { registerMessages, t } from '../../i18n/index.js';
import minutesMessages from '../../i18n/messages/minutes.js';
import { plural } from '../../i18n/plural.js';

/**
 * The minutes card (cards/minutes.json): a readable excerpt of the minutes, generated from the
 * same view model as the Word and Markdown files. Texts are cut to keep the card well under
 * Teams' size budget; the files hold everything. `level` trades detail for size (0 = most
 * detail): the feature renders at increasing levels until the card fits.
 */

export const RATING_COLOR: Record<Rating, string> = { green: 'good', yellow: 'warning', red: 'attention' };

export interface Run {
  text: string;
  color: string;
  weight: string;
  italic: boolean;
  subtle: boolean;
}

registerMessages(minutesMessages);

const run = (text: string, o: Partial<Omit<Run, 'text'>> = {}): Run => ({ text, color: 'default', weight: 'default', italic: false, subtle: false, ...o });

export interface MinutesCardOptions {
  groupId: string;
  /** Detail level, 0..MAX_LEVEL. */
  level?: number;
  /** A download link to show at the top (channels and group chats). */
  download?: { url: string; filename: string; until: string } | null;
}

/** Per level: recommendation length (0 = left out), decision length, presenter line, caps on items, action points/escalations and risks. */
const LEVELS = [
  { rec: 220, decision: 320, sub: true, maxItems: Infinity, actions: 20, risks: 40 },
  { rec: 110, decision: 180, sub: true, maxItems: Infinity, actions: 12, risks: 25 },
  { rec: 0, decision: 110, sub: false, maxItems: Infinity, actions: 8, risks: 15 },
  { rec: 0, decision: 70, sub: false, maxItems: 30, actions: 5, risks: 10 },
  { rec: 0, decision: 50, sub: false, maxItems: 15, actions: 3, risks: 6 },
] as const;
export const MAX_LEVEL = LEVELS.length - 1;

const OUTCOME_COLOR: Record<string, string> = { approved: 'good', rejected: 'attention', noted: 'default', discussed: 'accent', postponed: 'warning' };

const cut = (s: string | null | undefined, max: number) => shorten(s ?? null, max) ?? '';

const VENDOR_COLOR: Record<string, string> = { valid: 'default', expiring: 'warning', expired: 'attention', none: 'default' };

export function minutesCardView(view: MinutesView, opts: MinutesCardOptions) {
  const locale: Locale = view.locale;
  const l = minutesLabels(locale);
  const lv = LEVELS[Math.max(0, Math.min(MAX_LEVEL, opts.level ?? 0))]!;
  const h = view.header;

  const facts = [
    { title: l.date, value: h.dateText },
    { title: l.time, value: h.timeText || '–' },
    ...(h.place ? [{ title: l.place, value: h.place }] : []),
    ...(h.referent ? [{ title: l.referent, value: h.referent }] : []),
  ];
  const person = (p: { name: string; organisation: string | null; role: string | null }) => ({
    title: p.name,
    value: [p.organisation, p.role].filter(Boolean).join(' · ') || ' ',
  });
  const participants = h.participants.filter((p) => p.present !== false).map(person);
  const absent = h.participants.filter((p) => p.present === false).map(person);

  const shown = view.items.slice(0, lv.maxItems === Infinity ? undefined : lv.maxItems);
  const items = shown.map((it) => {
    const sub = lv.sub ? [it.presenter ? `${l.presenterBy} ${it.presenter}` : '', ...it.annexes].filter(Boolean).join(' · ') : '';
    const recText = it.recommendation.map((r) => r.replace(/[\s.;,]+$/, '')).filter(Boolean).join('; ');
    const decision: Run[] = it.hasDecision
      ? [
          ...(it.outcomeLabel ? [run(it.outcomeLabel, { weight: 'bolder', color: OUTCOME_COLOR[it.outcome ?? ''] ?? 'default' })] : []),
          ...(it.decision ? [run(`${it.outcomeLabel ? ' — ' : ''}${cut(it.decision, lv.decision)}`)] : []),
        ]
      : [run(l.noDecision, { italic: true, subtle: true })];
    // Material with links (the document's list): one clickable line each while there is room (levels with `sub`).
    const material = lv.sub
      ? (it.material ?? []).slice(0, 10).map((m) => ({ text: `📎 ${cut(m.label, 100)}${m.url ? '' : ` (${l.noLink})`}`, url: m.url ?? '', linked: !!m.url, missing: !m.url }))
      : [];
    return {
      heading: `${it.number}. ${cut(it.title, 120)}`,
      sub: cut(sub, 140),
      hasMaterial: material.length > 0,
      material,
      rec: lv.rec && recText ? [run(`${l.recommendation}: `, { weight: 'bolder' }), run(cut(recText, lv.rec))] : [],
      hasRec: !!(lv.rec && recText),
      // A standing item's status: "Status: " + the coloured rating + the summary (cut like a decision).
      hasStatus: !!it.status,
      status: it.status
        ? [run(`${it.status.label}: `, { weight: 'bolder' }), run(it.status.ratingLabel, { weight: 'bolder', color: RATING_COLOR[it.status.rating] }), run(` — ${cut(it.status.summary, lv.decision)}`)]
        : [],
      // The vendors' standing item: one line per GP-system vendor (src/export/minutes-vendors.ts).
      hasVendors: !!it.vendors?.rows.length,
      vendorsTitle: it.vendors ? `${it.vendors.title} (${it.vendors.asOf})` : '',
      vendors: (it.vendors?.rows ?? []).slice(0, 20).map((r) => ({
        text: cut(`${r.name}: ${r.certification} · ${it.vendors!.head[2]}: ${r.next}${r.overdue !== '–' ? ` · ${it.vendors!.head[3]}: ${r.overdue}` : ''}`, 300),
        color: VENDOR_COLOR[r.status],
      })),
      decision,
    };
  });

  const risks = view.risks.slice(0, lv.risks).map((r) => {
    const runs: Run[] = [run(`${r.id} ${cut(r.title, 80)}`, { weight: 'bolder' }), run(` (${r.category}): `)];
    runs.push(r.rating ? run(r.source === 'current' ? `${r.ratingText}*` : r.ratingText, { weight: 'bolder', color: RATING_COLOR[r.rating] }) : run(r.ratingText, { subtle: true }));
    // "↑ forværret (fra gul)": the earlier rating in its own run, in its own colour.
    const moved = r.trend === 'worse' || r.trend === 'better';
    const symbol = { worse: '↑', better: '↓', same: '→', new: '', unrated: '' }[r.trend];
    runs.push(run(` · ${[symbol, l.trendWord[r.trend]].filter(Boolean).join(' ')}`));
    if (moved && r.previousRating) runs.push(run(` (${l.from} `), run(l.ratingWord[r.previousRating], { color: RATING_COLOR[r.previousRating] }), run(')'));
    const votes = tallyText(r.tally, locale);
    const extra: Run[] = [];
    if (votes) extra.push(run(`${l.votes}: ${votes}`, { subtle: true }));
    if (r.disagreement) extra.push(run(`${votes ? ' · ' : ''}⚠ ${l.disagreement}`, { color: 'attention', weight: 'bolder' }));
    return { runs, extra, hasExtra: extra.length > 0 };
  });
  if (view.risks.length > lv.risks) risks.push({ runs: [run(`… +${view.risks.length - lv.risks}`, { subtle: true })], extra: [], hasExtra: false });
  const currentNote = view.risks.some((r) => r.source === 'current') ? `* ${l.currentRatingNote}.` : '';

  const actionLine = (a: MinutesView['actions']['created'][number]) =>
    `${a.id} ${cut(a.text, 90)}${a.sourceText ? ` (${a.sourceText})` : ''} — ${a.owner}, ${a.dueText} · ${a.statusLabel}`;
  const actionList = (rows: MinutesView['actions']['created']) => {
    const lines = rows.slice(0, lv.actions).map((a) => ({ text: actionLine(a) }));
    if (rows.length > lv.actions) lines.push({ text: `… +${rows.length - lv.actions}` });
    return lines;
  };

  const escalations = view.escalations.slice(0, lv.actions).map((e) => ({
    text: `${e.riskId} ${cut(e.riskTitle, 70)} — ${e.statusLabel} (${e.byName}, ${e.atText})${e.answer ? `. ${l.answer}: ${cut(e.answer, 120)}` : ''}`,
  }));

  const approved = view.status.status === 'approved';
  const truncated = lv.rec === 0 || shown.length < view.items.length || view.risks.length > lv.risks || view.items.some((it) => it.background || it.proposal || it.nextSteps);
  const data = { groupId: opts.groupId, meeting: view.meetingNumber, lang: locale };
  return {
    title: view.title,
    status: { text: `${l.minutesStatus}: ${view.status.line}`, color: approved ? 'good' : 'accent' },
    download: opts.download
      ? { title: t(locale, 'minutes.card.download', { filename: opts.download.filename }), text: t(locale, 'minutes.card.download_text', { time: opts.download.until }), url: opts.download.url }
      : null,
    hasDownload: !!opts.download,
    facts,
    cancelled: h.cancelled ? l.cancelled : '',
    participantsTitle: l.participants,
    participants,
    hasParticipants: participants.length > 0,
    absentTitle: l.absent,
    absent,
    hasAbsent: absent.length > 0,
    itemsTitle: t(locale, 'minutes.card.decisions'),
    items,
    moreItems: shown.length < view.items.length ? t(locale, 'minutes.card.more_items', { items: plural(locale, view.items.length - shown.length, 'item') }) : '',
    risksTitle: l.risks,
    risks,
    noRisks: view.risks.length ? '' : l.noRisks,
    currentNote,
    newActionsTitle: l.newActions,
    newActions: actionList(view.actions.created),
    overdueTitle: l.overdueActions,
    overdue: actionList(view.actions.overdue),
    noActions: l.noActions,
    escalationsTitle: l.escalations,
    escalations,
    noEscalations: view.escalations.length ? '' : l.noEscalations,
    amendmentsTitle: l.amendments,
    amendments: view.status.amendments.slice(-lv.actions).map((a) => ({ text: cut(a.line, 200) })),
    excerpt: truncated ? t(locale, 'minutes.card.excerpt') : '',
    generated: view.generated,
    canApprove: !approved && !h.cancelled,
    approveTitle: t(locale, 'minutes.card.approve'),
    wordTitle: t(locale, 'minutes.card.word'),
    markdownTitle: t(locale, 'minutes.card.markdown'),
    approveData: data,
    wordData: { ...data, format: 'docx' },
    markdownData: { ...data, format: 'md' },
  };
}

export type MinutesCardData = ReturnType<typeof minutesCardView>;
