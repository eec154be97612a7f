import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingsJson } from '../../src/cli/meetings.js';
import type { Meeting } from '../../src/domain/model.js';
import { uploadPorts } from '../../src/teams/features/meetings.js';
import { groupChat, message, personalChat, users, type TestUser } from '../helpers/activities.js';
import { cardOf, cardText, startHarness, type Harness } from '../helpers/bot-harness.js';
import type { RecordedCall } from '../helpers/fake-connector.js';

/**
 * Material (bilag) over HTTP with the fake Bot Connector: links pasted in the group chat, a file
 * sent in personal chat (its SharePoint link kept, nothing downloaded), who may do it, the host
 * allow-list's refusals, removal, the posted item card updated for everyone, and the lock once the
 * minutes are approved. The clock is fixed at 1 May 2025 so the June meeting lies ahead.
 */
const NOW = new Date('2025-05-01T08:00:00.000Z');
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const NOTAT = 'https://contoso.sharepoint.com/sites/FLP/Shared%20Documents/Notat%20om%20organisering.docx';
const TIDSPLAN = 'https://contoso-my.sharepoint.com/:x:/g/personal/bent_contoso_dk/EabcTidsplan?e=1';

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A personal-chat message with a file, as Teams delivers it to the bot (file.download.info). */
function fileMessage(serviceUrl: string, from: TestUser, text: string, name: string, contentUrl: string | undefined) {
  return {
    ...message(serviceUrl, personalChat(from), from, text),
    attachments: [
      {
        contentType: FILE_DOWNLOAD_INFO,
        contentUrl,
        name,
        content: {
          downloadUrl: 'https://contoso-my.sharepoint.com/personal/bent/_layouts/15/download.aspx?UniqueId=c0ffee&tempauth=SECRET',
          uniqueId: 'c0ffee',
          fileType: name.split('.').pop(),
        },
      },
    ],
  };
}

describe('material (bilag) on agenda items over HTTP', () => {
  let h: Harness;
  let groupId: string;
  const fetched: string[] = [];
  const realFetch = uploadPorts.fetch;
  const meeting = (): Meeting => h.services.store.read().meetings.find((m) => m.groupId === groupId && m.number === 1)!;
  const item = () => meeting().items[1];
  const say = async (who: TestUser, text: string, conv = groupChat) => {
    const activity = message(h.fc.url, conv, who, text);
    const r = await h.turn(activity);
    // Only the replies to this message (an agenda card from the outbox may be on its way too).
    return r.sent
      .filter((c) => c.method === 'POST' && (c.activityId === activity.id || c.body?.replyToId === activity.id))
      .map((c) => c.body.text ?? '')
      .join('\n');
  };
  /** The bot's answer in the sender's personal chat (an agenda card for the group may go out in the same turn). */
  const answerTo = (r: { sent: RecordedCall[] }, who: TestUser): string =>
    r.sent
      .filter((c) => c.method === 'POST' && c.conversationId === personalChat(who).id && typeof c.body?.text === 'string')
      .map((c) => c.body.text)
      .join('\n');
  const audits = (action: string) => h.services.store.read().audit.filter((a) => a.action === action);

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => NOW } });
    groupId = h.services.store.read().groups[0].id;
    uploadPorts.fetch = async (url) => {
      fetched.push(url);
      return new Response('nope', { status: 500 });
    };
    await h.turn(message(h.fc.url, groupChat, users.anna, 'referent', [users.gustav]));
    await say(users.anna, 'nyt møde 16-06-2025 12:30-14:00 Mødelokale 2');
    // As an imported agenda leaves it: a presenter and two annexes named, no files.
    await h.services.store.update((db) => {
      const it = db.meetings.find((m) => m.groupId === groupId && m.number === 1)!.items[1];
      Object.assign(it, { presenter: 'Bent Lund', annexes: ['Bilag 1. Notat om organisering', 'Bilag 2. Tidsplan for udbredelse'] });
    });
    await say(users.anna, 'dagsorden');
    await until(() => !!item().card);
  });
  afterAll(async () => {
    uploadPorts.fetch = realFetch;
    await h.close();
  });

  it('the posted item card lists the imported annexes as material, marked missing (no material stored yet)', async () => {
    expect(item().material).toBeUndefined();
    const posted = h.fc.calls.find((c) => c.method === 'POST' && cardOf(c) && cardText(cardOf(c)).startsWith(`2. ${item().title}`));
    const text = cardText(cardOf(posted));
    expect(text).toContain('📎 Bilag 1 – Notat om organisering');
    expect(text).toContain('📎 Bilag 2 – Tidsplan for udbredelse');
    expect(text).toContain('2 mangler link');
    expect(text.match(/mangler$/gm)).toHaveLength(2);
  });

  it('the chair pastes a link for "Bilag 1" in the group chat: stored with who and when, audited, the item card is updated for everyone with the link', async () => {
    const cardId = item().card!.activityId;
    const before = h.fc.calls.length;
    const text = await say(users.anna, `bilag 1.2 ${NOTAT} Bilag 1`);
    expect(text).toBe(
      `📎 Bilag 1 – Notat om organisering har nu et link (punkt 2, 1. møde).\nMangler stadig link: Bilag 2 – Tidsplan for udbredelse.`,
    );
    expect(item().material).toEqual([
      { name: 'Bilag 1. Notat om organisering', url: NOTAT, by: 'aad-anna', byName: 'Anna Holm', at: NOW.toISOString() },
      { name: 'Bilag 2. Tidsplan for udbredelse', url: null },
    ]);
    expect(audits('material.link').at(-1)).toMatchObject({
      actor: 'aad-anna',
      target: 'meeting 1 item 2',
      before: [
        { name: 'Bilag 1. Notat om organisering', url: null },
        { name: 'Bilag 2. Tidsplan for udbredelse', url: null },
      ],
    });
    await h.fc.waitFor((calls) => calls.slice(before).some((c) => c.method === 'PUT' && c.activityId === cardId));
    const put = h.fc.calls
      .slice(before)
      .filter((c) => c.method === 'PUT' && c.activityId === cardId)
      .at(-1)!;
    const card = cardOf(put);
    expect(JSON.stringify(card)).toContain(`"url":"${NOTAT}"`);
    expect(JSON.stringify(card)).toContain('"type":"Action.OpenUrl"');
    expect(cardText(card)).toContain('1 mangler link');
  });

  it('the presenter (a member) attaches without a name: the one missing annex gets the link', async () => {
    const text = await say(users.bent, `bilag 1.2 ${TIDSPLAN}`);
    expect(text).toContain('📎 Bilag 2 – Tidsplan for udbredelse har nu et link');
    expect(text).not.toContain('Mangler stadig');
    expect(item().material!.map((m) => m.url)).toEqual([NOTAT, TIDSPLAN]);
  });

  it('a member who is not the presenter is refused, logged, and nothing changes', async () => {
    const before = JSON.stringify(item().material);
    const text = await say(users.carsten, `bilag 1.2 ${NOTAT} Noget`);
    expect(text).toContain('Kun formanden, referenten eller oplægsholderen for punkt 2 kan vedhæfte eller fjerne bilag.');
    expect(JSON.stringify(item().material)).toBe(before);
    expect(readFileSync(`${h.storePath}.security.log`, 'utf8')).toContain('material_not_allowed');
  });

  it.each([
    ['http://contoso.sharepoint.com/x.docx', 'Linket skal begynde med https:// (ikke http).'],
    ['https://evil.example.com/sharepoint.com/x.docx', 'Linket peger på evil.example.com.'],
    ['https://contoso.sharepoint.com.evil.example.com/x.docx', 'Linket peger på contoso.sharepoint.com.evil.example.com.'],
    ['https://anna:pw@contoso.sharepoint.com/x.docx', 'Linket må ikke indeholde brugernavn eller adgangskode'],
    ['https://contoso.sharepoint.com:8443/x.docx', 'Linket må ikke angive en port (:8443).'],
  ])('refuses %s with the reason, and stores nothing', async (url, reason) => {
    const before = JSON.stringify(item().material);
    const text = await say(users.anna, `bilag 1.2 ${url} Ny`);
    expect(text).toContain(reason);
    expect(JSON.stringify(item().material)).toBe(before);
  });

  it('a new named link is added; "bilag 1.2" lists the material with links', async () => {
    expect(await say(users.gustav, 'bilag 1.2 https://contoso.sharepoint.com/sites/FLP/Slides.pptx Præsentation')).toBe(
      '📎 Præsentation er vedhæftet punkt 2 (' + item().title + ') på 1. møde.',
    );
    const list = await say(users.carsten, 'bilag 1.2');
    expect(list).toContain(`📎 Bilag 1 – Notat om organisering: ${NOTAT}`);
    expect(list).toContain('📎 Præsentation: https://contoso.sharepoint.com/sites/FLP/Slides.pptx');
  });

  it('the same link again changes nothing and is not audited twice', async () => {
    const n = audits('material.add').length + audits('material.link').length;
    expect(await say(users.anna, `bilag 1.2 ${NOTAT} Bilag 1`)).toBe(
      'Bilag 1 – Notat om organisering har allerede det link. Intet er ændret.',
    );
    expect(audits('material.add').length + audits('material.link').length).toBe(n);
  });

  it('fjern bilag removes one entry by name (audited); an unknown name is refused with the names there are', async () => {
    expect(await say(users.gustav, 'fjern bilag 1.2 Præsentation')).toContain('Præsentation er fjernet fra punkt 2');
    expect(item().material!.map((m) => m.name)).toEqual(['Bilag 1. Notat om organisering', 'Bilag 2. Tidsplan for udbredelse']);
    expect(audits('material.remove')).toHaveLength(1);
    const unknown = await say(users.gustav, 'fjern bilag 1.2 Bilag 7');
    expect(unknown).toContain(
      'Punkt 2 har intet bilag, der hedder "Bilag 7". Bilag: Bilag 1 – Notat om organisering; Bilag 2 – Tidsplan for udbredelse.',
    );
  });

  it('in the group chat, "bilag 1.2 <name>" without a link explains that files reach the bot only in personal chat', async () => {
    expect(await say(users.anna, 'bilag 1.2 Budget.xlsx')).toContain('Filer kan kun sendes til mig i personlig chat');
  });

  it('personal chat: the presenter sends the file with "bilag 1.2 Budget": its SharePoint link and name are kept, nothing is downloaded, the download URL is never stored', async () => {
    const link = 'https://contoso-my.sharepoint.com/personal/bent_contoso_dk/Documents/Microsoft%20Teams-chatfiler/Budget%202025.xlsx';
    const r = await h.turn(fileMessage(h.fc.url, users.bent, 'bilag 1.2 Budget', 'Budget 2025.xlsx', link));
    expect(answerTo(r, users.bent)).toContain('📎 Budget er vedhæftet punkt 2');
    expect(item().material!.at(-1)).toMatchObject({ name: 'Budget', url: link, by: 'aad-bent', byName: 'Bent Lund' });
    expect(fetched).toEqual([]);
    expect(JSON.stringify(h.services.store.read())).not.toContain('tempauth=SECRET');
    expect(h.services.store.read().pendingImports ?? []).toEqual([]);
  });

  it('personal chat: without a typed name the file keeps its own name; English "material" answers in English', async () => {
    const link = 'https://contoso-my.sharepoint.com/personal/bent_contoso_dk/Documents/Risk%20memo.docx';
    const r = await h.turn(fileMessage(h.fc.url, users.bent, 'material 1.2', 'Risk memo.docx', link));
    expect(answerTo(r, users.bent)).toContain('📎 Risk memo.docx is attached to item 2');
    expect(item().material!.at(-1)).toMatchObject({ name: 'Risk memo.docx', url: link });
  });

  it('personal chat: a file whose link is not on a Microsoft 365 host is refused; one without a link too', async () => {
    const n = item().material!.length;
    const evil = await h.turn(fileMessage(h.fc.url, users.bent, 'bilag 1.2', 'x.docx', 'https://files.example.com/x.docx'));
    expect(answerTo(evil, users.bent)).toContain('Linket peger på files.example.com.');
    const none = await h.turn(fileMessage(h.fc.url, users.bent, 'bilag 1.2', 'x.docx', undefined));
    expect(answerTo(none, users.bent)).toContain('Filen har intet SharePoint/OneDrive-link');
    expect(item().material!.length).toBe(n);
    expect(fetched).toEqual([]);
  });

  it("meetings --json lists each item's material (name and link, null when missing); an item never edited shows its annexes", async () => {
    await h.services.store.update((db) => {
      const it = db.meetings.find((m) => m.groupId === groupId && m.number === 1)!.items[2];
      it.annexes = ['Bilag 3. Risikovurdering'];
    });
    const json = meetingsJson(h.services.store.read());
    expect(json[0].items[1].material.slice(0, 2)).toEqual([
      { name: 'Bilag 1. Notat om organisering', url: NOTAT },
      { name: 'Bilag 2. Tidsplan for udbredelse', url: TIDSPLAN },
    ]);
    expect(json[0].items[2].material).toEqual([{ name: 'Bilag 3. Risikovurdering', url: null }]);
    expect(json[0].items[0].material).toEqual([]);
  });

  it('once the minutes are approved, attaching and removing are refused with a clear message', async () => {
    await h.services.store.update((db) => {
      db.meetings.find((m) => m.groupId === groupId && m.number === 1)!.minutes.status = 'approved';
    });
    const before = JSON.stringify(item().material);
    expect(await say(users.anna, `bilag 1.2 ${NOTAT} Andet`)).toContain(
      'Referatet for 1. møde er godkendt; dagsorden og bilag kan ikke længere ændres.',
    );
    expect(await say(users.anna, 'fjern bilag 1.2 Bilag 1')).toContain('Referatet for 1. møde er godkendt');
    expect(JSON.stringify(item().material)).toBe(before);
  });

  it('malformed commands get the usage', async () => {
    expect(await say(users.anna, 'bilag')).toContain('Skriv fx "bilag 3.2 https://contoso.sharepoint.com/… Bilag 1"');
    expect(await say(users.anna, 'fjern bilag 1.2')).toContain('Skriv fx "fjern bilag 3.2 Bilag 1"');
  });
});
