import { fstatSync } from 'node:fs';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';

/** The demo's terminal (the process's stdin/stdout): output that keeps the prompt intact, and the lines typed. */
export interface DemoTerminal {
  /** Whether typed lines are read at all (a TTY, a pipe or a file on stdin). */
  readonly reading: boolean;
  /** Prints above the prompt, so an alert arriving mid-typing does not garble the line. */
  print(text: string): void;
  /** Shows the prompt again (after an answer). */
  prompt(): void;
  close(): void;
}

export interface TerminalOptions {
  prompt: string;
  /** Each line, one at a time: the next waits for this one's promise, which must not reject. */
  onLine(line: string): Promise<void>;
  /** Ctrl-C at the prompt, or end of input after every line was handled. */
  onEnd(reason: 'interrupt' | 'end'): void;
}

/**
 * Stdin is read when it can carry commands: a terminal, a pipe, a file. When it is /dev/null
 * or closed (a service, `docker run` without -i), the demo just runs until a signal, rather
 * than taking the immediate end of input as "exit".
 */
function stdinCarriesInput(): boolean {
  if (process.stdin.isTTY) return true;
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false; // fd 0 is closed
  }
}

export function openTerminal(options: TerminalOptions): DemoTerminal {
  const output = process.stdout;
  const interactive = process.stdin.isTTY === true && output.isTTY === true;
  const reading = stdinCarriesInput();
  let rl: Interface | undefined;
  let closed = false;

  if (reading) {
    rl = createInterface({ input: process.stdin, output: interactive ? output : undefined, terminal: interactive, prompt: options.prompt });
    let queue = Promise.resolve();
    rl.on('line', (line) => {
      queue = queue.then(() => options.onLine(line));
    });
    // In raw mode Ctrl-C reaches readline, not the process.
    rl.on('SIGINT', () => options.onEnd('interrupt'));
    rl.on('close', () => {
      closed = true;
      void queue.then(() => options.onEnd('end'));
    });
  }

  const showPrompt = () => {
    if (rl && interactive && !closed) rl.prompt(true);
  };

  return {
    reading,
    print(text) {
      if (rl && interactive && !closed) {
        clearLine(output, 0);
        cursorTo(output, 0);
        output.write(`${text}\n`);
        rl.prompt(true);
      } else {
        output.write(`${text}\n`);
      }
    },
    prompt: showPrompt,
    close() {
      closed = true;
      rl?.close();
    },
  };
}
