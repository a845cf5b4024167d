import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';

describe('a start that fails', () => {
  it('rejects when the port is in use, and leaves nothing running (the process exits by itself)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/start-on-busy-port.ts'], {
      env: { ...process.env, TEST_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exit = await new Promise<number | null | 'still running'>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running');
      }, 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    assert.match(out, /^rejected: EADDRINUSE$/m, out);
    assert.equal(exit, 0, `the process after the failed start: ${out}`);
  });
});
