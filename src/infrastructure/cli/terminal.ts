import { StringDecoder } from 'node:string_decoder';
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

/** More than any password: what `--password-stdin` reads of a line at most. */
export const MAX_STDIN_LINE_BYTES = 64 * 1024;

/**
 * The first line of stdin (CR LF or LF removed), or null when stdin ends first. Reads at most
 * MAX_STDIN_LINE_BYTES: a longer line comes back cut there (the password rule then refuses it),
 * so a gigabyte piped in is never held in memory.
 */
export function readFirstLine(): Promise<string | null> {
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8');
    let text = '';
    let bytes = 0;
    let settled = false;
    const finish = (line: string | null): void => {
      if (settled) return;
      settled = true;
      process.stdin.off('data', onData).off('end', onEnd).off('error', onEnd);
      // The rest of stdin (if any) is not ours: stop reading, and do not wait for its end to exit.
      process.stdin.pause();
      process.stdin.destroy();
      resolve(line);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      text += decoder.write(chunk.subarray(0, Math.max(0, chunk.length - Math.max(0, bytes - MAX_STDIN_LINE_BYTES))));
      const newline = text.indexOf('\n');
      if (newline >= 0) finish(text.slice(0, newline).replace(/\r$/, ''));
      else if (bytes >= MAX_STDIN_LINE_BYTES) finish(text);
    };
    const onEnd = (): void => finish(bytes === 0 ? null : (text + decoder.end()).replace(/\r$/, ''));
    process.stdin.on('data', onData).once('end', onEnd).once('error', onEnd);
  });
}
