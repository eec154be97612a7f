import { describe, expect, it } from 'vitest';
import { agendaLockOf } from '../../../src/domain/agenda-edit.js';
import { carryMaterial, findMaterialIndex, materialLabel, materialOf, nameFromLink } from '../../../src/domain/material.js';
import { emptyItem } from '../../../src/domain/meeting-agenda.js';
import type { Material } from '../../../src/domain/model.js';

describe('materialOf: annexes become material without a link until one is attached', () => {
  it('an item never edited lists its annexes, each without a link', () => {
    const item = { ...emptyItem(3, 'Organisering'), annexes: ['Bilag 1. Notat om  organisering', '  ', 'Bilag 2. Tidsplan'] };
    expect(materialOf(item)).toEqual([
      { name: 'Bilag 1. Notat om organisering', url: null },
      { name: 'Bilag 2. Tidsplan', url: null },
    ]);
  });
  it('a stored list wins over the annexes (an entry removed stays removed)', () => {
    const item = {
      ...emptyItem(3, 'X'),
      annexes: ['Bilag 1. A', 'Bilag 2. B'],
      material: [{ name: 'Bilag 2. B', url: 'https://contoso.sharepoint.com/b' }],
    };
    expect(materialOf(item)).toEqual([{ name: 'Bilag 2. B', url: 'https://contoso.sharepoint.com/b' }]);
  });
});

describe('materialLabel', () => {
  it.each([
    ['Bilag 1. notat om organisering', 'Bilag 1 – notat om organisering'],
    ['Bilag 2: Tidsplan', 'Bilag 2 – Tidsplan'],
    ['Annex 3) Plan', 'Annex 3 – Plan'],
    ['bilag 4', 'bilag 4'],
    ['Notat.docx', 'Notat.docx'],
    ['Bilagsoversigt', 'Bilagsoversigt'],
  ])('%s → %s', (name, label) => expect(materialLabel(name)).toBe(label));
});

describe('findMaterialIndex: which entry a typed reference means', () => {
  const list: Material[] = [
    { name: 'Bilag 3. Notat om organisering', url: null },
    { name: 'Bilag 4. Tidsplan', url: null },
    { name: 'Præsentation.pptx', url: 'https://contoso.sharepoint.com/p' },
  ];
  it.each([
    ['Bilag 4. Tidsplan', 1],
    ['bilag 4. tidsplan', 1],
    ['Bilag 3', 0],
    ['bilag 4', 1],
    ['3', 0], // the annex number first …
    ['2', 1], // … else the place in the list
    ['Præs', 2],
    ['7', -1],
    ['Bilag 9', -1],
    ['', -1],
  ])('%s → %i', (ref, at) => expect(findMaterialIndex(list, ref)).toBe(at));
  it('a prefix that fits two entries fits none', () => {
    expect(
      findMaterialIndex(
        [
          { name: 'Notat A', url: null },
          { name: 'Notat B', url: null },
        ],
        'Notat',
      ),
    ).toBe(-1);
  });
});

describe('nameFromLink', () => {
  it('takes a file name at the end of the path', () => {
    expect(nameFromLink('https://contoso.sharepoint.com/sites/FLP/Shared%20Documents/Notat%20om%20drift.docx')).toBe('Notat om drift.docx');
  });
  it('gives nothing for sharing tokens and pages', () => {
    expect(nameFromLink('https://contoso-my.sharepoint.com/:w:/g/personal/anna/EabcDEF123')).toBeNull();
    expect(nameFromLink('https://contoso.sharepoint.com/sites/FLP/_layouts/15/Doc.aspx?sourcedoc=x')).toBeNull();
  });
});

describe('agendaLockOf', () => {
  it('approved minutes lock the agenda; a cancelled meeting too; a draft does not', () => {
    expect(agendaLockOf({ status: 'held', minutes: { status: 'approved' } as never })).toBe('minutes_approved');
    expect(agendaLockOf({ status: 'cancelled', minutes: { status: 'draft' } as never })).toBe('cancelled');
    expect(agendaLockOf({ status: 'planned', minutes: { status: 'draft' } as never })).toBeNull();
  });
});

describe('carryMaterial: an imported agenda replacing a planned meeting keeps the links already attached', () => {
  const old = [
    {
      ...emptyItem(2, 'Status på drift'),
      material: [
        { name: 'Bilag 1. Driftsrapport', url: 'https://contoso.sharepoint.com/drift.docx', by: 'aad-anna' },
        { name: 'Slides.pptx', url: 'https://contoso.sharepoint.com/slides.pptx' },
        { name: 'Bilag 9. Gammelt', url: null },
      ],
    },
  ];
  it('a named annex of the new agenda gets the link of the same name; other links are kept; unlinked old entries are dropped', () => {
    const next = { ...emptyItem(3, 'Status på  drift'), annexes: ['Bilag 1. Driftsrapport', 'Bilag 2. Nøgletal'] };
    expect(carryMaterial(old, next).material).toEqual([
      { name: 'Bilag 1. Driftsrapport', url: 'https://contoso.sharepoint.com/drift.docx', by: 'aad-anna' },
      { name: 'Bilag 2. Nøgletal', url: null },
      { name: 'Slides.pptx', url: 'https://contoso.sharepoint.com/slides.pptx' },
    ]);
  });
  it('an item with another title, or nothing linked before, is left as the import made it', () => {
    const other = { ...emptyItem(3, 'Eventuelt'), annexes: ['Bilag 1. X'] };
    expect(carryMaterial(old, other)).toBe(other);
    expect(carryMaterial([emptyItem(1, 'Eventuelt')], other)).toBe(other);
  });
});
