/**
 * The corpus: each meeting of content.ts written up the way one author would — Word with
 * automatic numbering, the PDF printed from it, a paste into an e-mail — with the variations
 * seen in real agendas (tables, "Ad punkt", other wording in the headings, hyphenation, every
 * kind of bullet, presenters as "v.", "ved", "oplæg ved", no blank lines).
 */
import {
  A_HEADER,
  A_ITEMS,
  A_MEETINGS,
  B_HEADER,
  B_ITEMS,
  C_HEADER,
  C_ITEMS,
  C_MEETINGS,
  D_HEADER,
  D_ITEMS,
  E_HEADER,
  E_ITEMS,
} from './content.js';
import type { CorpusDoc, CorpusStyle } from './model.js';

const base: CorpusStyle = {
  header: 'table',
  list: 'auto',
  heading: 'auto',
  presenter: 'v.',
  bullet: '',
  blank: true,
  hyphenate: false,
  annexIn: 'heading',
};

const A = { lang: 'da' as const, header: A_HEADER, items: A_ITEMS, proposedMeetings: A_MEETINGS };
const B = { lang: 'da' as const, header: B_HEADER, items: B_ITEMS, proposedMeetings: [] };
const C = { lang: 'en' as const, header: C_HEADER, items: C_ITEMS, proposedMeetings: C_MEETINGS };
const D = { lang: 'da' as const, header: D_HEADER, items: D_ITEMS, proposedMeetings: [] };
const E = { lang: 'da' as const, header: E_HEADER, items: E_ITEMS, proposedMeetings: [] };

const styleA1: CorpusStyle = { ...base, hyphenate: true, participantBreaks: true };
const styleB: CorpusStyle = { ...base, header: 'colon', heading: 'autoAd', presenter: 'ved', bullet: '▪', annexIn: 'body' };
const styleC: CorpusStyle = { ...base, bullet: '◦', presenter: 'presented by' };
const styleE: CorpusStyle = { ...base, heading: 'style', numberedLabels: true, listTimes: true, bullet: '•' };
const styleD: CorpusStyle = { ...base, list: 'table', bullet: 'a)', presenter: 'v/', hyphenate: true };

export const CORPUS: CorpusDoc[] = [
  { name: 'da-auto-numbering', format: 'docx', ...A, style: styleA1 },
  { name: 'da-auto-numbering-print', format: 'pdf', ...A, style: { ...styleA1, bullet: '•' } },
  {
    name: 'da-email-ad',
    format: 'txt',
    ...A,
    preamble: ['Hej alle', 'Hermed dagsordenen til næste møde. Bilagene følger i en separat mail.'],
    style: { ...base, header: 'colon', list: 'typed', heading: 'ad', presenter: 'oplæg ved', bullet: '-', blank: false, hyphenate: true },
  },
  {
    name: 'da-typed-dashes',
    format: 'docx',
    ...A,
    style: { ...base, header: 'colon', list: 'typed', heading: 'typed', bullet: '–', hyphenate: true, trackedChanges: true },
  },
  { name: 'da-ad-punkt-varied', format: 'docx', ...B, style: styleB },
  { name: 'da-ad-punkt-varied-print', format: 'pdf', ...B, style: { ...styleB, bullet: '•' } },
  {
    name: 'da-tight-print',
    format: 'pdf',
    ...B,
    style: { ...base, list: 'typed', heading: 'typed', bullet: '•', blank: false, hyphenate: true, presenter: 'paren' },
  },
  { name: 'en-auto-numbering', format: 'docx', ...C, style: styleC },
  { name: 'en-auto-numbering-print', format: 'pdf', ...C, style: { ...styleC, bullet: 'o', hyphenate: true } },
  {
    name: 'en-email-items',
    format: 'txt',
    ...C,
    style: { ...base, header: 'colon', list: 'typed', heading: 'item', bullet: '*', blank: false },
  },
  { name: 'da-agenda-table', format: 'docx', ...D, style: styleD },
  {
    name: 'da-ad-punkt-alone',
    format: 'txt',
    ...D,
    style: { ...base, header: 'colon', list: 'typed', heading: 'adPunkt', presenter: 'paren', bullet: 'o', hyphenate: true },
  },
  {
    name: 'da-ad-punkt-alone-print',
    format: 'pdf',
    ...D,
    style: { ...base, list: 'typed', heading: 'adPunkt', presenter: 'ved', bullet: '–', hyphenate: true },
  },
  { name: 'da-style-outline', format: 'docx', ...E, style: styleE },
  { name: 'da-style-outline-print', format: 'pdf', ...E, style: { ...styleE, hyphenate: true } },
  {
    name: 'da-email-times',
    format: 'txt',
    ...E,
    style: { ...base, header: 'colon', list: 'typed', listTimes: true, heading: 'paren', numberedLabels: true, bullet: '▪', blank: false },
  },
];
