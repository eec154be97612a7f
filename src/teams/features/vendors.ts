/**
 * The register of GP-system vendors in Teams: `leverandører` (the list card), `leverandør ny
 * ‹navn›`, `leverandør ‹navn› certificeret til ‹dato›`, `… milepæl ‹dato› ‹tekst› [beløb]`,
 * `… milepæl ‹nr› betalt`, `… kontakt`, `… aftale underskrevet`, `… test`, `… note`,
 * `… ansvarlig @person`, `leverandør slet ‹navn›` (English: vendor …), and the cards' buttons
 * (vendor-cards.ts). Parsing is vendor-parse.ts; the rules src/app/vendors.ts.
 */
import { addVendor, deleteVendor, editVendor, findVendor, vendorsOf, type VendorChange } from '../../app/vendors.js';
import { renderCard } from '../../cards/render.js';
import { vendorsListView } from '../../cards/views/vendors.js';
import { localDate } from '../../domain/dates.js';
import type { Group, Person } from '../../domain/model.js';
import { findMemberByName } from '../../domain/roster.js';
import { AppError } from '../../errors.js';
import { registerMessages } from '../../i18n/index.js';
import messages from '../../i18n/messages/vendors.js';
import type { Feature, TurnCtx } from '../types.js';
import { changedText, refreshVendorItemCards, vendorCard, vendorCardActions } from './vendor-cards.js';
import { parseVendorCommand } from './vendor-parse.js';

registerMessages(messages);

const today = (ctx: TurnCtx, group: Group): string => localDate(ctx.services.clock.now(), group.timezone);

function requireByName(ctx: TurnCtx, group: Group, name: string) {
  const v = findVendor(ctx.services.store.read(), group.id, name);
  if (!v) throw new AppError('vendor_unknown', { name: name.slice(0, 80) });
  return v;
}

/** `ansvarlig @Bent`, or `ansvarlig Bent Lund` in personal chat, or `ansvarlig formand` (back to the chair). */
async function responsibleOf(ctx: TurnCtx, group: Group, who: string): Promise<Person | null> {
  const mentioned = (await ctx.mentions()).at(-1);
  if (mentioned) return mentioned;
  const typed = who
    .replace(/<\/?at>/g, '')
    .replace(/^@/, '')
    .trim();
  if (/^(formand|formanden|chair|the chair|-)$/i.test(typed)) return null;
  const found = typed ? findMemberByName(group, typed) : [];
  if (found.length !== 1) throw new AppError('vendor_responsible_unknown');
  return found[0]!;
}

async function runVendor(ctx: TurnCtx, args: string): Promise<void> {
  const group = ctx.group();
  const names = vendorsOf(ctx.services.store.read(), group.id).map((v) => v.name);
  const intent = parseVendorCommand(args, names, today(ctx, group));
  const actor = ctx.actor;
  switch (intent.kind) {
    case 'list':
      return listVendors(ctx);
    case 'show':
      return void (await ctx.reply(vendorCard(ctx.services, group, requireByName(ctx, group, intent.name), ctx.locale)));
    case 'new': {
      const v = await ctx.services.store.update((db, tx) =>
        structuredClone(addVendor(db, tx, { groupId: group.id, actor, name: intent.name })),
      );
      refreshVendorItemCards(ctx.services, group.id);
      return void (await ctx.reply(
        vendorCard(ctx.services, group, v, ctx.locale, { feedback: ctx.t('vendor.created', { name: v.name }) }),
      ));
    }
    case 'delete': {
      const id = requireByName(ctx, group, intent.name).id;
      const v = await ctx.services.store.update((db, tx) => deleteVendor(db, tx, { groupId: group.id, vendorId: id, actor }));
      ctx.services.kickJobs();
      refreshVendorItemCards(ctx.services, group.id);
      return void (await ctx.reply(ctx.t('vendor.deleted', { name: v.name })));
    }
    case 'edit':
    case 'responsible': {
      const target = requireByName(ctx, group, intent.name);
      const change: VendorChange =
        intent.kind === 'edit' ? intent.change : { kind: 'responsible', person: await responsibleOf(ctx, group, intent.who) };
      const res = await ctx.services.store.update((db, tx) => {
        const r = editVendor(db, tx, { groupId: group.id, vendorId: target.id, actor, changes: [change] });
        return { vendor: structuredClone(r.vendor), changed: r.changed };
      });
      if (res.changed.length) {
        ctx.services.kickJobs();
        refreshVendorItemCards(ctx.services, group.id);
      }
      const feedback = res.changed.length
        ? ctx.t('vendor.saved', { what: changedText(ctx.locale, res.changed) })
        : ctx.t('vendor.saved.nothing', { name: res.vendor.name });
      return void (await ctx.reply(vendorCard(ctx.services, group, res.vendor, ctx.locale, { feedback })));
    }
  }
}

async function listVendors(ctx: TurnCtx): Promise<void> {
  const group = ctx.group();
  const vendors = vendorsOf(ctx.services.store.read(), group.id);
  await ctx.reply(renderCard('vendors', vendorsListView(ctx.locale, group, vendors, today(ctx, group))));
}

export function vendorsFeature(): Feature {
  return {
    name: 'vendors',
    commands: [
      {
        id: 'vendors',
        names: { da: ['leverandører', 'leverandorer', 'lægesystemleverandører'], en: ['vendors'] },
        usage: { da: 'leverandører', en: 'vendors' },
        summary: {
          da: 'Lægesystemleverandørerne: certificering, milepæle og forfaldne betalinger.',
          en: 'The GP-system vendors: certification, milestones and overdue payments.',
        },
        section: 'meetings',
        who: 'all',
        run: (ctx) => listVendors(ctx),
      },
      {
        id: 'vendor',
        names: { da: ['leverandør', 'leverandor'], en: ['vendor'] },
        usage: {
          da: 'leverandør ny ‹navn› · leverandør ‹navn› certificeret til ‹dato› · leverandør ‹navn› milepæl ‹dato› ‹tekst› [beløb]',
          en: 'vendor new ‹name› · vendor ‹name› certified until ‹date› · vendor ‹name› milestone ‹date› ‹text› [amount]',
        },
        summary: {
          da: 'Opretter og retter en lægesystemleverandør: kontakt, aftale, milepæle (betalt), certificering, test, noter, ansvarlig.',
          en: 'Adds and edits a GP-system vendor: contact, agreement, milestones (paid), certification, tests, notes, responsible.',
        },
        section: 'meetings',
        who: 'chair/referent',
        run: runVendor,
      },
    ],
    cardActions: vendorCardActions,
  };
}
