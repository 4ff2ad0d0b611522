import { createServer } from 'node:net';
import { okRow, warnRow, type CheckRow } from '../checks/check-row.js';

/**
 * Whether the bot could listen on `port` now (as it does: every interface). Only a hint: the
 * port may be taken by the running bot itself, or freed before the bot starts.
 */
export async function checkPort(variable: string, port: number, runningPid: number | null): Promise<CheckRow> {
  const check = `${variable} ${port}`;
  const problem = await tryListen(port);
  if (problem === null) return okRow(check, 'free: the bot can listen on it');
  if (problem === 'EADDRINUSE') {
    return runningPid !== null
      ? okRow(check, `in use, presumably by the running bot (pid ${runningPid})`)
      : warnRow(check, `in use by another program: the bot could not listen on it. Stop that program or choose another ${variable}`);
  }
  if (problem === 'EACCES') return warnRow(check, `this user may not listen on it: choose a port above 1023 for ${variable}`);
  return warnRow(check, `cannot listen on it (${problem}): choose another ${variable}`);
}

function tryListen(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, () => server.close(() => resolve(null)));
  });
}
