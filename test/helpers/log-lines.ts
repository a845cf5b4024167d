import { PassThrough } from 'node:stream';

/**
 * A stream to give `startTestServer({ logStream })`, and the log lines (one JSON object each) written
 * to it so far. A line split across chunks is kept whole: only complete lines are listed.
 */
export function logLines(): { stream: PassThrough; lines: string[] } {
  const lines: string[] = [];
  const stream = new PassThrough();
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  return { stream, lines };
}
