/**
 * A preview of a file uploaded in Teams is stored (pending import) and later imported as is, so
 * it passes the same gate as an import from the CLI or the admin socket (validAgenda: the stored
 * schema and the JSON size cap) before anything is stored; and the parser's own output always
 * fits that gate, because readAgendaBuffer clips it to the same caps.
 */
import { describe, expect, it } from 'vitest';
import { addPendingImport, importAgendaAsOperator, validAgenda } from '../../../src/app/agenda-import.js';
import { isAppError } from '../../../src/errors.js';
import { AGENDA_CAPS, fitAgendaToCaps } from '../../../src/import/agenda-caps.js';
import { readAgendaBuffer } from '../../../src/import/read-agenda-file.js';
import { warningText } from '../../../src/import/warnings.js';
import { gustav, sampleAgenda, setup } from '../meetings/fixtures.js';

async function refusedWith(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err)).toBe(true);
  return (err as { code: string }).code;
}

/** Valid per field (each within its cap) but far over the JSON cap as a whole. */
function hugeAgenda() {
  const a = sampleAgenda();
  const block = 'Baggrundstekst '.repeat(1300); // 19,500 chars, under the 20,000 field cap
  a.items = Array.from({ length: 60 }, (_, i) => ({ ...a.items[0], number: i + 1, background: block, proposal: block }));
  return a;
}

describe('the stored-agenda gate', () => {
  it('the Teams preview refuses an agenda over the JSON cap before storing anything, like the CLI path', async () => {
    const { store } = setup();
    const before = JSON.stringify(store.read().pendingImports ?? []);
    const upload = store.update((db, tx) =>
      addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'big.docx', agenda: hugeAgenda() }),
    );
    expect(await refusedWith(upload)).toBe('import_too_large');
    expect(JSON.stringify(store.read().pendingImports ?? [])).toBe(before);
    expect(await refusedWith(importAgendaAsOperator(store, { agenda: hugeAgenda() }))).toBe('import_too_large');
    expect(store.read().meetings).toHaveLength(0);
  });

  it.each<[string, (a: ReturnType<typeof sampleAgenda>) => unknown]>([
    ['a title over its cap', (a) => ({ ...a, title: 'x'.repeat(AGENDA_CAPS.titleChars + 1) })],
    ['too many items', (a) => ({ ...a, items: Array.from({ length: AGENDA_CAPS.items + 1 }, () => a.items[0]) })],
    ['a field of the wrong type', (a) => ({ ...a, items: 'x' })],
    ['an extra nested object where text belongs', (a) => ({ ...a, location: { $gt: '' } })],
  ])('the Teams preview refuses %s with the schema the CLI uses', async (_what, change) => {
    const { store } = setup();
    const bad = change(sampleAgenda()) as ReturnType<typeof sampleAgenda>;
    expect(
      await refusedWith(
        store.update((db, tx) => addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'a.docx', agenda: bad })),
      ),
    ).toBe('bad_input');
    expect(store.read().pendingImports ?? []).toHaveLength(0);
    expect(await refusedWith(importAgendaAsOperator(store, { agenda: bad }))).toBe('bad_input');
  });

  it("stores a copy: changing the caller's object afterwards does not change the stored preview", async () => {
    const { store } = setup();
    const agenda = sampleAgenda();
    const p = await store.update((db, tx) => addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'a.docx', agenda }));
    agenda.items[0].title = 'changed';
    expect(p.agenda.items[0].title).not.toBe('changed');
    expect(validAgenda(p.agenda)).toEqual(sampleAgenda());
  });
});

describe('the parser output always fits the gate', () => {
  it('fitAgendaToCaps cuts every field and list to its cap, with one warning', () => {
    const a = sampleAgenda();
    const long = fitAgendaToCaps({
      ...a,
      title: 'T'.repeat(5000),
      participants: Array.from({ length: 600 }, () => ({ name: 'N'.repeat(400), organisation: null, role: 'R'.repeat(200) })),
      items: Array.from({ length: 400 }, (_, i) => ({
        ...a.items[0],
        number: i,
        annexes: Array.from({ length: 150 }, () => 'a'),
        recommendation: ['r'.repeat(6000)],
        background: 'b'.repeat(30_000),
      })),
      warnings: Array.from({ length: 700 }, () => 'w'.repeat(3000)),
    });
    expect(long.title).toHaveLength(AGENDA_CAPS.titleChars);
    expect(long.participants).toHaveLength(AGENDA_CAPS.participants);
    expect(long.items).toHaveLength(AGENDA_CAPS.items);
    expect(long.items[0].annexes).toHaveLength(AGENDA_CAPS.annexes);
    expect(long.items[0].background).toHaveLength(AGENDA_CAPS.textChars);
    expect(long.warnings).toHaveLength(AGENDA_CAPS.warnings);
    expect(long.warnings.at(-1)).toMatch(/advarsler mere/);
    // Within every field cap; the JSON cap is the gate's own (this one is far over it).
    expect(
      isAppError(
        (() => {
          try {
            validAgenda(long);
          } catch (e) {
            return e;
          }
        })(),
        'import_too_large',
      ),
    ).toBe(true);
    expect(fitAgendaToCaps(a)).toEqual(a);
  });

  it('an upload with a 3,000-character heading and 600 participants parses, and its result passes the gate', async () => {
    const participants = Array.from({ length: 600 }, (_, i) => `Deltager${String.fromCharCode(65 + (i % 26))} Navn, Org`).join('; ');
    const text = [
      `Mødetitel 2. Møde ${'i styregruppen '.repeat(200)}`,
      'Mødedato 16. juni 2025',
      'Tidspunkt 12.30 til 14.00',
      `Deltagere ${participants}`,
      '',
      'Dagsorden:',
      `1 Velkomst ${'og status '.repeat(300)}`,
      '',
      `1. Velkomst ${'og status '.repeat(300)}`,
    ].join('\n');
    const agenda = await readAgendaBuffer(Buffer.from(text), 'lang.txt');
    expect(agenda.title!.length).toBeLessThanOrEqual(AGENDA_CAPS.titleChars);
    expect(agenda.participants.length).toBeLessThanOrEqual(AGENDA_CAPS.participants);
    expect(agenda.warnings).toContain(warningText('cut'));
    expect(validAgenda(agenda)).toEqual(agenda);
  });
});
