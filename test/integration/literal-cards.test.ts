import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { boardChannel, botAdded, cardAction, groupChat, message, users } from '../helpers/activities.js';
import { seedRisks } from '../helpers/action-world.js';
import { cardOf, invokeCard, startHarness, type Harness } from '../helpers/bot-harness.js';
import type { RecordedCall } from '../helpers/fake-connector.js';
import { cardTexts, EVIL_LINK, EVIL_LINK_LITERAL, markupIn } from '../helpers/literal-markdown.js';

/**
 * A risk titled `[Log ind](https://evil.example)`, with markup in its corrective actions, a voter's
 * comment and the escalation reason, shows as text on every card it reaches over HTTP: the risk
 * log, the ballot, the confirmation card and the programme board's escalation card.
 */
describe('user text on cards is shown as text, never as markdown', () => {
  let h: Harness;

  /** Every markdown field of the card is literal, and the risk's title is on it, as typed. */
  function expectLiteral(card: any, what: string) {
    expect(card, what).toBeTruthy();
    const { markdown, plain } = cardTexts(card);
    for (const text of markdown) expect(markupIn(text), `${what}: ${text.slice(0, 200)}`).toBeNull();
    expect(
      markdown.some((t) => t.includes(EVIL_LINK_LITERAL)),
      `${what} shows the title`,
    ).toBe(true);
    for (const text of plain.filter((t) => t.includes('Log ind'))) expect(text, `${what} input`).toContain(EVIL_LINK);
  }
  /** The card among `calls` that is about the risk (other cards may be sent in the same turn). */
  const cardIn = (calls: RecordedCall[]) => calls.map(cardOf).find((c) => c && JSON.stringify(c).includes('Log ind'));

  beforeAll(async () => {
    h = await startHarness();
    await seedRisks(h.services.store, 'g1');
    await h.services.store.update((db) => {
      const r = db.risks.find((x) => x.groupId === 'g1' && x.id === 'R2')!;
      r.title = EVIL_LINK;
      r.correctiveActions = ['**Ring** til _leverandøren_', '1. Kontakt [support](https://evil.example)'];
      r.description = '- punkt\n<https://evil.example>';
    });
    await h.post(botAdded(h.fc.url, boardChannel, users.erik));
    const t = await h.turn(message(h.fc.url, boardChannel, users.anna, 'eskaleringskanal'));
    expect(t.sent[0].body.text).toContain('Eskaleringer fra');
  });
  afterAll(async () => h.close());

  it('the risk log', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'risici'));
    expectLiteral(cardIn(r.sent), 'risk log');
  });

  it('the ballot', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'risikoafstemning'));
    expectLiteral(cardIn(r.sent), 'ballot');
  });

  it('the escalation confirmation and the programme board’s card', async () => {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'eskaler R2 _Haster_ se [her](https://evil.example)'));
    const confirm = cardIn(r.sent);
    expectLiteral(confirm, 'confirmation');
    const data = {
      ...confirm.actions.find((a: any) => a.verb === VERBS.escalationConfirm).data,
      escalationReason: '**Haster** [her](https://evil.example)',
    };
    const done = await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.escalationConfirm, data, 'confirm-1'));
    expectLiteral(invokeCard(done.body), 'confirmed');
    await h.fc.waitFor(() => !!cardIn(h.fc.posts(boardChannel.id)));
    const board = cardIn(h.fc.posts(boardChannel.id));
    expectLiteral(board, 'board card');
    expect(cardTexts(board).markdown.join('\n')).toContain('\\*\\*Haster\\*\\* \\[her\\](https://evil.example)');
  });

  it('a chat reply quoting a name keeps it as text: no link, no list', async () => {
    await h.services.store.update((db) => void (db.groups.find((g) => g.id === 'g1')!.name = `${EVIL_LINK}`));
    const r = await h.turn(message(h.fc.url, boardChannel, users.anna, 'eskaleringskanal'));
    const text = r.sent.map((c) => c.body?.text ?? '').join('\n');
    expect(text).toContain('[Log ind]\u200b(https://evil.example)');
    expect(text).not.toContain('](');
  });
});
