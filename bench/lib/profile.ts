/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per owner
 * (a src/ file, an npm package, node internals, GC), and inclusive time for functions (each
 * function counted once per sample, so recursion is not double counted). Shares are of the busy
 * (non-idle) samples.
 */
import { readFileSync } from 'node:fs';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  ms: number;
  share: number;
}
export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  selfByOwner: ProfileRow[];
  selfByFunction: ProfileRow[];
  inclusive: ProfileRow[];
}

export function ownerOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/src/');
  if (src >= 0 && !url.startsWith('node:')) return url.slice(src + 1);
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url.replace(/^file:\/\//, '');
}

const shortUrl = (url: string) => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '');
};

export function summariseProfile(file: string, top = 20): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, CpuNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) byId.set(n.id, n);
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: CpuNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();

  const self = new Map<string, number>();
  const owner = new Map<string, number>();
  const incl = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000; // µs → ms: a sample's time runs to the next one
    const n = byId.get(p.samples[i]);
    if (!n) continue;
    const fn = n.callFrame.functionName;
    if (fn === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    const l = label(n);
    self.set(l, (self.get(l) ?? 0) + dt);
    const o = ownerOf(n.callFrame.url, fn);
    owner.set(o, (owner.get(o) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const x = byId.get(id)!;
      if (x.callFrame.functionName === '(root)') break;
      const k = label(x);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((1000 * ms) / Math.max(busy, 1e-9)) / 10 }));
  return {
    file,
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    selfByOwner: rows(owner),
    selfByFunction: rows(self),
    inclusive: rows(incl).filter((r) => r.share < 99.5),
  };
}

export function printProfile(s: ProfileSummary, out: (line: string) => void = console.log): void {
  out(`CPU profile of the bot child: ${s.file}`);
  out(`  busy ${s.busyMs} ms, idle ${s.idleMs} ms (shares below are of busy time)`);
  const table = (title: string, rows: ProfileRow[]) => {
    out(`  ${title}`);
    for (const r of rows) out(`    ${String(r.share.toFixed(1)).padStart(5)} %  ${String(r.ms).padStart(7)} ms  ${r.name}`);
  };
  table('self time by owner (file / package)', s.selfByOwner.slice(0, 15));
  table('self time by function', s.selfByFunction.slice(0, 20));
  table('inclusive time by function (each counted once per sample)', s.inclusive.slice(0, 25));
}
