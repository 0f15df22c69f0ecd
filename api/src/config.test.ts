import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv } from './config.ts';

const env = (extra: Record<string, string>) => configFromEnv({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:1/graph', ...extra });

test('API_CORS_ORIGINS: comma-separated origins as browsers send them, * only when written', () => {
  assert.equal(env({}).corsOrigins, undefined, 'unset: the default list (browser-access.ts)');
  assert.equal(env({ API_CORS_ORIGINS: '' }).corsOrigins, undefined);
  assert.deepEqual(env({ API_CORS_ORIGINS: 'https://Dash.Example/, http://127.0.0.1:8080' }).corsOrigins, ['https://dash.example', 'http://127.0.0.1:8080']);
  assert.equal(env({ API_CORS_ORIGINS: ' * ' }).corsOrigins, '*');
  for (const bad of ['dash.example', 'https://dash.example/app', 'https://x.example?a=1', 'file:///etc', 'https://a.example,*']) {
    assert.throws(() => env({ API_CORS_ORIGINS: bad }), /API_CORS_ORIGINS: ".*" is not an origin/, bad);
  }
});

test('API_ALLOWED_HOSTS: host names without scheme or port; API_MAX_TOKENS a positive integer', () => {
  assert.deepEqual(env({ API_ALLOWED_HOSTS: 'API.example, [::1]' }).allowedHosts, ['api.example', '[::1]']);
  assert.equal(env({ API_ALLOWED_HOSTS: '*' }).allowedHosts, '*');
  for (const bad of ['https://api.example', 'api.example:4000', 'a b']) assert.throws(() => env({ API_ALLOWED_HOSTS: bad }), /API_ALLOWED_HOSTS: ".*" is not a host name/, bad);
  assert.equal(env({}).maxTokens, 2000);
  assert.equal(env({ API_MAX_TOKENS: '500' }).maxTokens, 500);
  assert.throws(() => env({ API_MAX_TOKENS: '0' }), /API_MAX_TOKENS must be a positive integer/);
});
