/**
 * A V8 heap snapshot (.heapsnapshot, as `v8.writeHeapSnapshot` writes it) summarised without
 * DevTools: self size and count per node type and constructor name, largest first. Enough to
 * see what holds the heap at the bench's peak (request/turn objects, card JSON, store data,
 * caches); open the file in Chrome DevTools for retainers.
 */
import { readFileSync, statSync } from 'node:fs';

export interface HeapRow {
  what: string;
  count: number;
  selfMb: number;
}

export interface HeapSummary {
  file: string;
  fileMb: number;
  totalMb: number;
  nodes: number;
  top: HeapRow[];
}

export function summariseHeap(file: string, top = 25): HeapSummary {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const by = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    const size = snap.nodes[i + iSize];
    total += size;
    // Objects by constructor; strings, code, arrays' backing stores etc. by their kind.
    const what =
      type === 'object' || type === 'closure' || type === 'native'
        ? `${type} ${snap.strings[snap.nodes[i + iName]].slice(0, 60)}`
        : `(${type})`;
    const row = by.get(what) ?? { count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += size;
    by.set(what, row);
  }
  const rows = [...by.entries()].map(([what, r]) => ({ what, count: r.count, selfMb: Math.round((r.bytes / 1024 / 1024) * 100) / 100 }));
  rows.sort((a, b) => b.selfMb - a.selfMb);
  return {
    file,
    fileMb: Math.round(statSync(file).size / 1024 / 1024),
    totalMb: Math.round((total / 1024 / 1024) * 10) / 10,
    nodes: snap.snapshot.node_count,
    top: rows.slice(0, top),
  };
}
