// A watchdog that outlives the stack's own process: it reads process-group
// ids on stdin ("+pgid" when a child starts, "-pgid" when it exits) and, when
// stdin closes because the parent died without stopping its children (kill -9,
// a test runner's timeout), ends the groups still listed. A normal stop has
// removed them all by then, so it exits without killing anything.
import { createInterface } from 'node:readline';

const groups = new Set<number>();
createInterface({ input: process.stdin }).on('line', (line) => {
  const pgid = Number(line.slice(1));
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  if (line.startsWith('+')) groups.add(pgid);
  else groups.delete(pgid);
});
process.stdin.on('close', () => {
  if (groups.size === 0) process.exit(0);
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      groups.delete(pgid);
    }
  }
  setTimeout(() => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    process.exit(0);
  }, 5000);
});
