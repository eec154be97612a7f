/**
 * How the real group works (issue #14), in the Agents Playground in a real browser: an anonymous
 * risk vote with a comment per risk, and an agenda item escalated to DAP-styregruppen whose answer
 * comes back to the group. Anna (chair) types in the window; Bent and Carsten (members) click over
 * the playground's invoke endpoint; the board's channel is the team channel the playground knows
 * (MEETING_CHAT, "DAP-styregruppen / General"), reached through customActivities, and Erik answers
 * there. Every step is checked on screen and in the store (`votes --json`, `export`).
 * Screenshots: test-results/e2e/real-group/.
 */
import { describe, expect } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { activityText } from '../helpers/playground-client.js';
import { enabledButton } from './support/chat.js';
import { meetingDayAhead, startJourney } from './support/journey.js';
import { cardOf, click, MEETING_CHAT, meetingChatMessage, posted, USERS } from './support/people.js';
import { cli, stored } from './support/store-cli.js';

const { anna, bent, carsten, erik } = USERS;
const meetingDay = meetingDayAhead();

let ballotId = '';

describe('the real group: an anonymous vote and an item escalated to DAP-styregruppen', () => {
  const j = startJourney('real-group');

  j.step('the chair adds two risks and meeting 1', async () => {
    await j.openGroupChat();
    await j.chat.ask('ny risiko Teknik: Forsinket certificering af lægesystemer', ['Risiko R1 er oprettet']);
    await j.chat.ask('ny risiko Drift: Supportkapacitet i overgangsperioden', ['Risiko R2 er oprettet']);
    await j.chat.ask(`nyt møde ${meetingDay.toFormat('dd-MM-yyyy')} 12:30-14:00 Mødelokale 2`, ['Møde 1 er oprettet']);
  });

  j.step('"risikoafstemning anonym": the ballot says nobody can see who voted what', async () => {
    const from = j.stack.client.received.length;
    const ballot = await j.chat.ask('risikoafstemning anonym', ['Anonym risikoafstemning V1', 'Stemmer afgivet: 0 af 4']);
    expect(await ballot.innerText()).toContain('Anonym afstemning: ingen – heller ikke formanden – kan se, hvem der stemte hvad.');
    await enabledButton(ballot, 'Afgiv stemme');
    ballotId = (await posted(j.stack.client, ['Anonym risikoafstemning V1'], { from })).id!;
  });

  j.step('two members vote with a comment on one risk each; the store has no name or id on their ballots', async () => {
    const b = await click(j.stack.client, bent, ballotId, VERBS.voteCast, {
      groupId: 'g1',
      roundId: 'V1',
      r_R1: 'red',
      r_R2: 'yellow',
      c_R1: 'Leverandøren har igen flyttet datoen.',
    });
    expect(JSON.stringify(b.card)).toContain('Din kommentar til R1: Leverandøren har igen flyttet datoen.');
    await click(j.stack.client, carsten, ballotId, VERBS.voteCast, {
      groupId: 'g1',
      roundId: 'V1',
      r_R1: 'yellow',
      r_R2: 'green',
      c_R2: 'Supporten er bemandet.',
    });
    const votes = await stored(j.stack.storePath, 'votes', (list) => expect(list[0].ballots).toHaveLength(2));
    expect(votes[0]).toMatchObject({ id: 'V1', anonymous: true });
    for (const ballot of votes[0].ballots) expect(Object.keys(ballot).sort()).toEqual(['at', 'choices']);
    const exported = await cli(j.stack.storePath, ['export']);
    const round = JSON.parse(exported).voteRounds[0];
    expect(JSON.stringify(round.ballots)).not.toMatch(new RegExp([bent.name, carsten.name, bent.teamsId, carsten.teamsId].join('|')));
  });

  j.step('closing shows the result with the comments per risk and no names', async () => {
    const after = await j.chat.botMessageCount();
    await j.chat.say('luk afstemning');
    const result = await j.chat.waitForBotMessage(['Resultat af risikoafstemning V1'], { after, timeoutMs: 45_000 });
    const text = await result.innerText();
    expect(text).toContain('Kommentarer (uden navn)');
    expect(text).toContain('R1: “Leverandøren har igen flyttet datoen.”');
    expect(text).toContain('R2: “Supporten er bemandet.”');
    expect(text).not.toContain(bent.name);
    expect(text).not.toContain(carsten.name);
    await j.chat.focus(result);
  });

  j.step('the chair makes the team channel the escalation target, named DAP-styregruppen', async () => {
    let from = j.stack.client.received.length;
    await j.stack.client.customActivity(meetingChatMessage(j.stack.pg.url, anna, 'eskaleringskanal', 'e2e-target-1'));
    await posted(j.stack.client, ['sendes nu hertil'], { conversation: MEETING_CHAT.id, from });
    from = j.stack.client.received.length;
    await j.stack.client.customActivity(meetingChatMessage(j.stack.pg.url, anna, 'eskaleringskanal navn DAP-styregruppen', 'e2e-target-2'));
    await posted(j.stack.client, ['DAP-styregruppen'], { conversation: MEETING_CHAT.id, from });
  });

  j.step('"eskaler punkt 1.2": the chair confirms, DAP-styregruppen answers on its card, the answer comes back', async () => {
    const confirm = await j.chat.ask('eskaler punkt 1.2 Beløbet ligger over styregruppens mandat', [
      'Eskalér punkt 1.2',
      'til DAP-styregruppen?',
    ]);
    const from = j.stack.client.received.length;
    await (await enabledButton(confirm, 'Eskalér')).click();
    const board = await posted(j.stack.client, ['Eskalering E1: punkt 1.2'], { conversation: MEETING_CHAT.id, from, timeoutMs: 45_000 });
    expect(activityText(board)).toContain('Indstilling');
    const answer = 'DAP-styregruppen godkender under forudsætning af medfinansiering.';
    // Erik's "Besvar" on the board card, as Teams sends it from the channel. The playground's invoke
    // endpoint answers only for the window's own conversations, so the invoke goes straight to the
    // bot's /api/messages (local mode: no token) with the channel's conversation and the card's id.
    const { text: _t, entities: _e, ...base } = meetingChatMessage(j.stack.pg.url, erik, '', 'e2e-answer-1');
    const invoke = {
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: board.id,
      value: {
        action: { type: 'Action.Execute', verb: VERBS.escalationAnswer, data: { groupId: 'g1', escalationId: 'E1', answerText: answer } },
        trigger: 'manual',
      },
    };
    const res = await fetch(`${j.stack.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invoke),
    });
    expect(JSON.stringify(await res.json())).toContain(`Svar fra ${erik.name}`);
    const notice = await j.chat.waitForBotMessage(['Svar fra DAP-styregruppen på eskalering E1', answer], { timeoutMs: 45_000 });
    await j.chat.focus(notice);
    const db = JSON.parse(await cli(j.stack.storePath, ['export']));
    expect(db.escalations[0]).toMatchObject({ id: 'E1', subject: { kind: 'item', meeting: 1, item: 2 }, status: 'answered', answer });
    expect(cardOf(board).body).toBeDefined();
  });
});
