// Which browser pages may use the API. A user's API on 127.0.0.1 is reachable
// from every page their browser opens, so:
//   - CORS is an allow-list of origins (default: the dashboards' origin under
//     `npm start` and the Vite dev server); a request carrying any other
//     Origin is refused outright (403 ORIGIN_NOT_ALLOWED), not only left
//     unreadable, so a page cannot make the API do work either;
//   - the Host header must name the API when it listens on loopback: a page
//     on attacker.example that re-points its DNS name at 127.0.0.1 (DNS
//     rebinding) is same-origin to itself and sends no Origin on GET, but its
//     Host stays attacker.example (403 HOST_NOT_ALLOWED);
//   - POSTs must be application/json and GETs need Apollo's preflight header
//     (http.ts and Apollo's CSRF prevention): what a page can send without a
//     CORS preflight never runs.
import { isIP } from 'node:net';

export const DEFAULT_CORS_ORIGINS: readonly string[] = ['http://127.0.0.1:5173', 'http://localhost:5173'];
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export interface BrowserAccess {
  /** The refusal for this request, or undefined when it may proceed. */
  refusal(headers: { origin?: string; host?: string }): { code: 'ORIGIN_NOT_ALLOWED' | 'HOST_NOT_ALLOWED'; message: string } | undefined;
  /** CORS headers for an allowed request. */
  corsHeaders(origin: string | undefined, preflight: boolean): Record<string, string>;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

export function browserAccess(opts: { corsOrigins?: readonly string[] | '*'; allowedHosts?: readonly string[] | '*'; listenHost: string }): BrowserAccess {
  const origins = opts.corsOrigins ?? DEFAULT_CORS_ORIGINS;
  const anyOrigin = origins === '*';
  const originSet = new Set(anyOrigin ? [] : origins);
  // Loopback names always pass (health checks, local clients); listening elsewhere without a list, any name does.
  const hosts = opts.allowedHosts ?? (isLoopback(opts.listenHost) ? [] : '*');
  const hostSet = new Set(hosts === '*' ? [] : [...LOOPBACK_NAMES, ...hosts]);
  const originList = anyOrigin ? '*' : [...originSet].join(', ') || '(none)';
  return {
    refusal({ origin, host }) {
      if (hosts !== '*' && host !== undefined) {
        let name: string;
        try {
          name = new URL(`http://${host}`).hostname;
        } catch {
          name = host;
        }
        if (!hostSet.has(name) && !(name.startsWith('127.') && isIP(name) === 4)) {
          return { code: 'HOST_NOT_ALLOWED', message: `requests for host "${host.slice(0, 100)}" are refused (a page may have pointed its DNS name at this API); allowed: ${[...hostSet].join(', ')} — add the name the API is reached by to API_ALLOWED_HOSTS` };
        }
      }
      if (origin !== undefined && !anyOrigin && !originSet.has(origin)) {
        return { code: 'ORIGIN_NOT_ALLOWED', message: `browser pages from ${origin.slice(0, 100)} may not use this API; allowed origins: ${originList} — set API_CORS_ORIGINS (comma-separated) to add one` };
      }
      return undefined;
    },
    corsHeaders(origin, preflight) {
      // Answers differ by Origin (which one is allowed), so caches must key on it.
      if (origin === undefined) return anyOrigin ? {} : { vary: 'Origin' };
      const out: Record<string, string> = { 'access-control-allow-origin': anyOrigin ? '*' : origin };
      if (!anyOrigin) out.vary = 'Origin';
      if (preflight) {
        out['access-control-allow-methods'] = 'GET, POST, OPTIONS';
        out['access-control-allow-headers'] = 'content-type, apollo-require-preflight, x-apollo-operation-name';
        out['access-control-max-age'] = '600';
      }
      return out;
    },
  };
}
