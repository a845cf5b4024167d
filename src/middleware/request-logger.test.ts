import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggableUrl } from './request-logger.js';

describe('loggableUrl', () => {
  it('blanks secret query parameters by their decoded name, whatever the spelling', () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/sms/africastalking/incoming-messages?key=sekret', '/api/v1/sms/africastalking/incoming-messages?key=[redacted]'],
      ['/x?%6Bey=sekret&a=1', '/x?%6Bey=[redacted]&a=1'],
      ['/x?KEY=sekret', '/x?KEY=[redacted]'],
      ['/x?key%5B0%5D=sekret', '/x?key%5B0%5D=[redacted]'],
      ['/x?key[0]=sekret', '/x?key[0]=[redacted]'],
      ['/x?a=1;key=sekret', '/x?a=1;key=[redacted]'],
      ['/x?token=t&password=p&apikey=k', '/x?token=[redacted]&password=[redacted]&apikey=[redacted]'],
      ['/x?+key=sekret', '/x?+key=[redacted]'],
    ];
    for (const [url, logged] of cases) assert.equal(loggableUrl(url), logged, url);
  });

  it('keeps other parameters, malformed encodings and the path as they are', () => {
    assert.equal(loggableUrl('/api/v1/person?type=person&limit=10'), '/api/v1/person?type=person&limit=10');
    assert.equal(loggableUrl('/x?%E0%A4=1&monkey=2'), '/x?%E0%A4=1&monkey=2');
    assert.equal(loggableUrl('/medic/settings'), '/medic/settings');
  });

  it('blanks login tokens in the path, whatever the case', () => {
    assert.equal(loggableUrl('/medic/LOGIN/token/abc123?redirect=%2F'), '/medic/LOGIN/token/[redacted]?redirect=%2F');
  });
});
