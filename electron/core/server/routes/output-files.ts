/**
 * Files the graphics need besides the built pages: country flags (shipped with the console from the
 * flag-icons package, so they work offline), the operator's own templates from the data dir, and
 * the script those templates load to follow the console.
 */
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServerContext } from '../context';
import { readTemplateFile, readTheme, saveTheme, templatePolicy } from '../../outputs/templates/custom-templates';
import { ROUTES } from '../../model/routes';
import { refuseNonJson } from './settings';
import { TEMPLATE_CLIENT_JS } from '../../outputs/templates/template-client';
import { CONTENT_SECURITY_POLICY } from '../content-policy';
import { HttpError, register } from '../route';
import { absoluteFlagUrl, flagKey } from '../../outputs/graphics/club-flags';

function flagsDir(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('flag-icons/package.json')), 'flags', '4x3');
  } catch {
    return null;
  }
}

export function registerOutputFileRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const flags = flagsDir();
  const templatesDir = () => {
    if (!ctx.templatesDir) throw new HttpError(404, 'this console has no templates folder');
    return ctx.templatesDir;
  };

  // The name is checked by the route's schema (ISO 3166 alpha-2 and a few regions): nothing that walks a path.
  register(app, ROUTES.flag, async ({ params, reply }) => {
    if (!flags) throw new HttpError(404, 'no such flag');
    try {
      const svg = await readFile(join(flags, params.file));
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg);
    } catch {
      throw new HttpError(404, 'no such flag');
    }
  });

  // Asked for by key: only a flag the followed competition names can make the console fetch anything.
  register(app, ROUTES.clubFlag, async ({ params, reply }) => {
    if (!ctx.clubFlags) throw new HttpError(404, 'no such flag');
    let url: string | null = null;
    for (const person of ctx.view.meta().people.values()) {
      const candidate = absoluteFlagUrl(person.flagUrl);
      if (candidate && flagKey(candidate) === params.key) {
        url = candidate;
        break;
      }
    }
    const flag = url ? await ctx.clubFlags.get(url) : null;
    if (!flag) return reply.code(404).header('cache-control', 'no-store').send({ error: 'no such flag (yet)' });
    return reply.type(flag.type).header('cache-control', 'public, max-age=3600').send(flag.body);
  });

  register(app, ROUTES.templateClient, ({ reply }) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(TEMPLATE_CLIENT_JS),
  );

  // The house theme, as the On air page edits it; a write from another site is refused by the guard.
  register(app, ROUTES.graphicsTheme, async () => readTheme(templatesDir()));
  register(app, ROUTES.graphicsSetTheme, async ({ req, reply, body }) => {
    if (refuseNonJson(req, reply)) return reply;
    return saveTheme(templatesDir(), body);
  });

  register(app, ROUTES.customTemplate, async ({ params, reply }) => {
    const found = await readTemplateFile(templatesDir(), params.name);
    if (!found.ok) throw new HttpError(found.status, found.error);
    return reply
      .type(found.file.type)
      .header('cache-control', 'no-store')
      .header('content-security-policy', templatePolicy(CONTENT_SECURITY_POLICY, found.file.scriptHashes))
      .send(found.file.body);
  });
}
