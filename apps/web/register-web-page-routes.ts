import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { findProjectRoot } from '../../core/config/project-root.js';
import type { RouteRegistrar } from '../server/create-server.js';

/** Where `npm run build` puts the settings page (web/, built by Vite). */
export function webPageDirectory(): string {
  return join(findProjectRoot(), 'dist', 'web');
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * The settings page under `/`: `index.html` (never cached) and Vite's hashed `/assets/*` (cached for a year).
 * It navigates with `#/…` routes and talks only to `/api/v1`, like any other client.
 */
export const registerWebPageRoutes: RouteRegistrar = async (server, context) => {
  const root = webPageDirectory();
  const assets = join(root, 'assets');
  if (!existsSync(join(root, 'index.html'))) {
    context.logger.warn({ root }, 'the settings page is not built: run `npm run build` (npm start does)');
  }
  server.get('/', async (_request, reply) => {
    const page = await readFile(join(root, 'index.html')).catch(() => undefined);
    if (!page) {
      return reply.code(503).send({
        error: {
          code: 'web.not_built',
          message: 'The settings page is not built: run `npm run build` (npm start does it).',
        },
      });
    }
    return reply
      .headers({ ...securityHeaders, 'cache-control': 'no-cache' })
      .type(contentTypes['.html']!)
      .send(page);
  });
  server.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const file = normalize(join(assets, request.params['*']));
    const extension = file.slice(file.lastIndexOf('.'));
    // Only files inside assets/, of the kinds Vite writes: no traversal, no guessing.
    const content =
      file.startsWith(assets + sep) && contentTypes[extension]
        ? await readFile(file).catch(() => undefined)
        : undefined;
    if (!content) {
      return reply.code(404).send({ error: { code: 'request.not_found', message: 'No such asset' } });
    }
    return reply
      .headers({ ...securityHeaders, 'cache-control': 'public, max-age=31536000, immutable' })
      .type(contentTypes[extension]!)
      .send(content);
  });
};
