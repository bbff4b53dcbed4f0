// Where the service worker is registered: the site's own folder, whether Ciclo is served at / or under a
// GitHub Pages subpath, and whatever page, query or fragment the address carries.
import { describe, expect, it } from 'vitest';
import { registerOffline, serviceWorkerUrls } from '../../../src/offline/register.ts';

describe('serviceWorkerUrls', () => {
  it('scopes the worker to the project folder under a GitHub Pages subpath', () => {
    expect(serviceWorkerUrls('https://ana.github.io/ciclo/')).toEqual({
      scriptUrl: 'https://ana.github.io/ciclo/sw.js',
      scope: 'https://ana.github.io/ciclo/',
    });
  });

  it('drops the page name, the query and the fragment', () => {
    expect(serviceWorkerUrls('https://ana.github.io/ciclo/index.html?utm_source=x#s=eyJ9')).toEqual({
      scriptUrl: 'https://ana.github.io/ciclo/sw.js',
      scope: 'https://ana.github.io/ciclo/',
    });
  });

  it('uses the origin root when the site is served at /', () => {
    expect(serviceWorkerUrls('http://127.0.0.1:4173/')).toEqual({ scriptUrl: 'http://127.0.0.1:4173/sw.js', scope: 'http://127.0.0.1:4173/' });
  });

  it('treats a folder without its closing slash as a page inside the parent folder, as the browser does', () => {
    expect(serviceWorkerUrls('https://ana.github.io/ciclo').scope).toBe('https://ana.github.io/');
  });

  it('rejects a relative or non-http address with a message saying what came', () => {
    expect(() => serviceWorkerUrls('ciclo/')).toThrow('baseUri must be an absolute URL, got "ciclo/"');
    expect(() => serviceWorkerUrls('file:///home/ana/ciclo/index.html')).toThrow('baseUri must be an http(s) URL');
  });
});

describe('registerOffline', () => {
  it('registers nothing outside a production build', () => {
    expect(import.meta.env.PROD).toBe(false);
    expect(registerOffline()).toBeNull();
  });

  it('rejects a check interval that is not a positive number of minutes', () => {
    expect(() => registerOffline({ checkEveryMinutes: 0 })).toThrow('checkEveryMinutes must be a positive number, got 0');
  });
});
