import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/render.js';
import { renderMinutesCard } from '../../../src/cards/minutes-card.js';
import { agendaItemView } from '../../../src/cards/views/meetings.js';
import { reminderView } from '../../../src/cards/views/reminders.js';
import { buildMinutes } from '../../../src/export/minutes-model.js';
import { minutesToDocx } from '../../../src/export/minutes-docx.js';
import { minutesToMarkdown } from '../../../src/export/minutes-md.js';
import type { Db } from '../../../src/domain/model.js';
import { cardText } from '../../helpers/card-walk.js';
import { GROUP_ID, NOW, minutesFixture } from '../../helpers/minutes-fixture.js';

const LINK = 'https://contoso.sharepoint.com/sites/FLP/Shared%20Documents/Referat%201.docx';

/** The minutes fixture with item 1's annex linked and one more entry still missing. */
function withMaterial(): Db {
  const db = minutesFixture();
  const item = db.meetings[1]!.items[0]!;
  item.material = [
    { name: item.annexes[0]!, url: LINK },
    { name: 'Præsentation [v2].pptx', url: null },
  ];
  return db;
}

const openUrls = (node: unknown): string[] => {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl' && typeof o.url === 'string') out.push(o.url);
    Object.values(o).forEach(walk);
  };
  walk(node);
  return out;
};

describe('material on the cards, the T-2d reminder and the minutes', () => {
  it('agenda item card: a linked entry opens its link, a missing one is marked, no markdown link in any text', () => {
    const db = withMaterial();
    const g = db.groups[0]!;
    const m = db.meetings[1]!;
    const card = renderCard('agenda-item', agendaItemView('da', g, m, m.items[0]!));
    expect(openUrls(card)).toEqual([LINK]);
    const text = cardText(card);
    expect(text).toContain('📎 Bilag 1 – Referat af 1. møde');
    expect(text).toContain('1 mangler link');
    expect(text).not.toContain('](');
  });

  it('agenda item card without annexes or material has no material block (cards as before)', () => {
    const db = minutesFixture();
    const m = db.meetings[1]!;
    const plain = m.items.find((i) => !i.annexes.length)!;
    const card = renderCard('agenda-item', agendaItemView('da', db.groups[0]!, m, plain));
    expect(cardText(card)).not.toContain('mangler');
    expect(openUrls(card)).toEqual([]);
  });

  it("the T-2d reminder lists every item's material with links and what is missing; the T-14d call does not", () => {
    const db = withMaterial();
    const input = {
      locale: 'da' as const,
      group: db.groups[0]!,
      meeting: db.meetings[1]!,
      audience: 'group' as const,
      people: [],
      now: new Date('2025-06-12T07:00:00.000Z'),
      actions: [],
      rounds: [],
      counts: {},
    };
    const t2 = reminderView({ ...input, reminder: { kind: 'T-2d', dueAt: '2025-06-12T07:00:00.000Z', late: false, ref: null } });
    const card = renderCard('reminder', t2.data);
    expect(openUrls(card)).toEqual([LINK]);
    const text = cardText(card);
    expect(text).toContain('Materiale');
    expect(text).toContain('📎 Punkt 1: Bilag 1 – Referat af 1. møde');
    expect(text).toContain('📎 Punkt 1: Præsentation \\[v2\\].pptx'); // literal: the brackets are escaped, never a link
    // Item 2's annex in the fixture has never had a link: listed as missing too.
    expect(text).toMatch(/📎 Punkt 2: Bilag 2 – Udviklingsplan/);
    expect(text).toContain('mangler');
    const t14 = reminderView({
      ...input,
      now: new Date('2025-06-02T07:00:00.000Z'),
      reminder: { kind: 'T-14d', dueAt: '2025-06-02T07:00:00.000Z', late: false, ref: null },
    });
    expect(cardText(renderCard('reminder', t14.data))).not.toContain('Materiale');
  });

  it('minutes (Markdown): the material per item, links as Markdown links, a missing one marked; items without links unchanged', () => {
    const md = minutesToMarkdown(buildMinutes(withMaterial(), GROUP_ID, 2, { now: NOW }));
    expect(md).toContain(`**Materiale**\n\n- [Bilag 1 – Referat af 1. møde](<${LINK}>)\n- Præsentation [v2].pptx (intet link)`);
    expect(md.match(/\*\*Materiale\*\*/g)).toHaveLength(1);
    const plain = minutesToMarkdown(buildMinutes(minutesFixture(), GROUP_ID, 2, { now: NOW }));
    expect(plain).not.toContain('Materiale');
  });

  it('minutes (Word): a hyperlink to the material; the missing entry says so', async () => {
    const buf = await minutesToDocx(buildMinutes(withMaterial(), GROUP_ID, 2, { now: NOW }));
    const zip = await JSZip.loadAsync(buf);
    const xml = await zip.file('word/document.xml')!.async('string');
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    expect(xml).toContain('<w:hyperlink');
    expect(rels).toContain(`Target="${LINK}"`);
    expect(xml).toContain('Bilag 1 – Referat af 1. møde');
    expect(xml).toContain('(intet link)');
  });

  it('minutes card: the linked entry is a clickable line', () => {
    const card = renderMinutesCard(buildMinutes(withMaterial(), GROUP_ID, 2, { now: NOW }), { groupId: GROUP_ID, download: null });
    expect(openUrls(card.card)).toContain(LINK);
  });
});
