import { createInterface as createLineReader } from 'node:readline';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CliRuleViolation } from '../../adapters/cli/cli-errors';

/** A yes/no question on stderr; true only for an explicit yes. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/**
 * Asks for a secret without echo: the question goes to stderr, then readline writes to a muted
 * stream, so neither the typed characters nor their redraws reach the terminal.
 */
export function readSecretOnTerminal(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    let settled = false;
    const output = new Writable({
      write: (chunk: Buffer | string, _encoding, callback) => {
        if (!muted) process.stderr.write(chunk);
        callback();
      },
    });
    const reader = createLineReader({ input: process.stdin, output, terminal: true });
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      muted = false;
      process.stderr.write('\n');
      reader.close();
      outcome();
    };
    const cancel = (): void => settle(() => reject(new CliRuleViolation('CLI.CANCELLED', 'Cancelled: nothing was changed.')));
    reader.once('line', (line: string) => settle(() => resolve(line)));
    reader.once('SIGINT', cancel);
    reader.once('close', cancel);
    reader.setPrompt(question);
    reader.prompt();
    muted = true;
  });
}

/** The first line of stdin (CR LF or LF removed), or null when stdin ends first. */
export function readFirstLine(): Promise<string | null> {
  return new Promise((resolve) => {
    let line: string | null = null;
    const reader = createLineReader({ input: process.stdin, terminal: false, crlfDelay: Infinity });
    reader.once('line', (first: string) => {
      line = first;
      reader.close();
    });
    reader.once('close', () => {
      // The rest of stdin (if any) is not ours: stop reading, and do not wait for its end to exit.
      process.stdin.pause();
      process.stdin.destroy();
      resolve(line);
    });
  });
}
