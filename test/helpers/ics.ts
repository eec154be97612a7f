import { expect } from 'vitest';

/**
 * A strict little RFC 5545 reader for tests: CRLF only, physical lines ≤ 75 octets, balanced
 * BEGIN/END. Returns the calendar's own properties and one record per VEVENT (values unescaped).
 */
export function parseIcs(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(/\r(?!\n)|(?<!\r)\n/.test(text)).toBe(false);
  for (const line of text.slice(0, -2).split('\r\n')) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  const stack: string[] = [];
  const events: Array<Record<string, string>> = [];
  const calendar: Record<string, string> = {};
  for (const line of text
    .replace(/\r\n[ \t]/g, '')
    .slice(0, -2)
    .split('\r\n')) {
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    expect(m, line).not.toBeNull();
    const [, name, , value] = m!;
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') events.push({});
    } else if (name === 'END') expect(stack.pop()).toBe(value);
    else
      (stack.at(-1) === 'VEVENT' ? events.at(-1)! : calendar)[name] = value.replace(/\\([\\;,nN])/g, (_, c) =>
        c === 'n' || c === 'N' ? '\n' : c,
      );
  }
  expect(stack).toEqual([]);
  return { calendar, events };
}
