/**
 * Inventory of every regular expression literal in src/ (issue #13, 3), checked with recheck
 * (a ReDoS checker: automaton analysis plus fuzzing; it returns an attack string when a pattern
 * backtracks super-linearly). The agenda import (src/import/**) and the command text normaliser
 * (src/teams/command-parser.ts) must have no vulnerable pattern: they see up to 2 MB of file text
 * or 16,000 chars of raw message. Every other flagged pattern is listed in the figures with its
 * file, so that its input cap can be checked (typed commands reach the parsers as at most 4,000
 * characters with whitespace squeezed; test/unit/linear-text.test.ts times them at that cap).
 * Patterns built with `new RegExp` are covered by the sized tests in linear-text.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { figure } from './figures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where a super-linear pattern is a defect by itself (uncapped or large user text). */
const STRICT = /^src\/(import\/|teams\/command-parser\.ts$)/;

interface Literal {
  file: string;
  line: number;
  source: string;
  flags: string;
}

function literals(): Literal[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mjs)$/.test(name)) files.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  const out: Literal[] = [];
  for (const path of files) {
    const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = (n as ts.RegularExpressionLiteral).text;
        const cut = text.lastIndexOf('/');
        out.push({
          file: relative(ROOT, path),
          line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1,
          source: text.slice(1, cut),
          flags: text.slice(cut + 1),
        });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

describe('regular expressions in src/ (recheck)', () => {
  it('none in the agenda import or the message normaliser backtracks super-linearly; the others are listed', async () => {
    const all = literals();
    const results: (Literal & { status: string; summary: string; attack: string })[] = [];
    const queue = [...all];
    // A few at a time: recheck runs its checker in a separate process.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const c = await check(r.source, r.flags, { timeout: 5000 });
          results.push({
            ...r,
            status: c.status,
            summary: c.status === 'vulnerable' ? c.complexity.summary : c.status === 'unknown' ? c.error.kind : '',
            attack: c.status === 'vulnerable' ? c.attack.pattern.slice(0, 60) : '',
          });
        }
      }),
    );
    results.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const vulnerable = results.filter((r) => r.status === 'vulnerable');
    const unknown = results.filter((r) => r.status === 'unknown');
    const strict = vulnerable.filter((r) => STRICT.test(r.file));
    for (const r of [...vulnerable, ...unknown])
      console.log(`${r.status.padEnd(10)} ${`${r.file}:${r.line}`.padEnd(44)} /${r.source}/${r.flags}  ${r.summary}  ${r.attack}`);
    const byFile = new Map<string, number>();
    for (const r of vulnerable) byFile.set(r.file, (byFile.get(r.file) ?? 0) + 1);
    figure(
      1,
      'Regular expressions in src/ (recheck)',
      `${results.length} literals: safe ${results.filter((r) => r.status === 'safe').length}, vulnerable ${vulnerable.length}, undecided in 5 s ${unknown.length}; in src/import and the message normaliser: vulnerable ${strict.length}`,
      strict.length === 0,
    );
    figure(
      1,
      'Super-linear patterns outside the import (capped input)',
      vulnerable
        .filter((r) => !STRICT.test(r.file))
        .map((r) => `${r.file}:${r.line} (${r.summary})`)
        .join('; ') || 'none',
      'info',
    );
    expect(results).toHaveLength(all.length);
    expect(strict.map((r) => `${r.file}:${r.line} /${r.source}/ ${r.summary}: ${r.attack}`)).toEqual([]);
  }, 600_000);
});
