/**
 * How busy the machine was with *other* work while a round ran: total busy CPU time from
 * /proc/stat minus the CPU time of the bench's own processes (/proc/<pid>/stat: this process
 * and the server children), in cores. On a shared machine (other sessions running tests) this is
 * what makes two runs differ; the report flags rounds where it was high. Linux only; elsewhere
 * the figures are null.
 */
import { readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ: /proc reports jiffies of 1/100 s on Linux

function totalBusy(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
    return cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0);
  } catch {
    return null;
  }
}

function procBusy(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
  } catch {
    return 0;
  }
}

export interface CpuWindow {
  /** Cores busy with other processes, on average over the window. */
  otherCores: number | null;
  /** Cores used by the bench itself (load generator + servers). */
  benchCores: number | null;
  /** 1-minute load average at the end. */
  loadAvg: number;
  /** CPU seconds used per watched process (pid → s), e.g. to get a server's CPU per request. */
  cpuSByPid: Record<number, number>;
}

export function cpuWindow(pids: () => number[]): { end(): CpuWindow } {
  const t0 = performance.now();
  const total0 = totalBusy();
  const watched = pids();
  const per0 = watched.map(procBusy);
  return {
    end() {
      const s = (performance.now() - t0) / 1000;
      const total1 = totalBusy();
      const per1 = watched.map(procBusy);
      const cpuSByPid: Record<number, number> = {};
      watched.forEach((pid, i) => (cpuSByPid[pid] = (per1[i] - per0[i]) / TICK));
      const mine = (per1.reduce((a, b) => a + b, 0) - per0.reduce((a, b) => a + b, 0)) / TICK / s;
      const loadAvg = Number(readFileSafe('/proc/loadavg').split(' ')[0]) || 0;
      if (total0 === null || total1 === null || s <= 0) return { otherCores: null, benchCores: null, loadAvg, cpuSByPid };
      const all = (total1 - total0) / TICK / s;
      return {
        otherCores: Math.max(0, Math.round((all - mine) * 100) / 100),
        benchCores: Math.round(mine * 100) / 100,
        loadAvg,
        cpuSByPid,
      };
    },
  };
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
