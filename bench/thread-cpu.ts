/**
 * Where a job's CPU goes inside Chromium: user + system time of every thread of the browser's process tree,
 * grouped by thread name (Linux keeps the first 15 characters: "DedicatedWorker", "ThreadPoolForeg", …),
 * read from /proc/PID/task/TID/stat. Threads can start and end during a job (the video worker does), so the
 * tree is sampled every SAMPLE_MS while the job runs and each thread keeps its last reading: a thread that
 * ends loses at most one interval. Used by bench/tmk-video.ts (figures, never pass/fail).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const SAMPLE_MS = 100;

interface ThreadReading {
  name: string;
  ticks: number;
}

/** Every thread of `rootPid` and its descendants: "pid:tid" → name and CPU ticks so far. */
function readThreads(rootPid: number): Map<string, ThreadReading> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const threads = new Map<string, ThreadReading>();
  for (const pid of tree) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        threads.set(`${pid}:${tid}`, { name, ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // gone meanwhile
      }
    }
  }
  return threads;
}

/** Runs `job` while sampling; returns its result and the CPU ms each thread name used during it, largest first. */
export async function cpuByThread<T>(rootPid: number, job: () => Promise<T>): Promise<{ result: T; cpuMs: Array<[string, number]> }> {
  const before = readThreads(rootPid);
  const last = new Map(before);
  const sample = () => {
    for (const [key, reading] of readThreads(rootPid)) last.set(key, reading);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    const result = await job();
    sample();
    const byName = new Map<string, number>();
    for (const [key, { name, ticks }] of last) {
      const used = (ticks - (before.get(key)?.ticks ?? 0)) * TICK_MS;
      if (used > 0) byName.set(name, (byName.get(name) ?? 0) + used);
    }
    return { result, cpuMs: [...byName].sort((a, b) => b[1] - a[1]) };
  } finally {
    clearInterval(timer);
  }
}
