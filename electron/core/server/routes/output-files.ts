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
import { GraphicsThemeSchema } from '../../model/graphics';
import { refuseCrossSite } from './settings';
import { TEMPLATE_CLIENT_JS } from '../../outputs/templates/template-client';
import { CONTENT_SECURITY_POLICY } from '../app';
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

  app.get('/flags/:file', async (req, reply) => {
    const file = (req.params as { file: string }).file;
    // ISO 3166 alpha-2 (and flag-icons' few regional ones such as gb-sct): nothing that walks a path.
    if (!/^[a-z]{2}(-[a-z]{2,4})?\.svg$/.test(file) || !flags) return reply.code(404).send({ error: 'no such flag' });
    try {
      const svg = await readFile(join(flags, file));
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(svg);
    } catch {
      return reply.code(404).send({ error: 'no such flag' });
    }
  });

  // Asked for by key: only a flag the followed competition names can make the console fetch anything.
  app.get('/flags/club/:key', async (req, reply) => {
    const key = (req.params as { key: string }).key;
    if (!/^[0-9a-f]{24}$/.test(key) || !ctx.clubFlags) return reply.code(404).send({ error: 'no such flag' });
    let url: string | null = null;
    for (const person of ctx.view.meta().people.values()) {
      const candidate = absoluteFlagUrl(person.flagUrl);
      if (candidate && flagKey(candidate) === key) {
        url = candidate;
        break;
      }
    }
    const flag = url ? await ctx.clubFlags.get(url) : null;
    if (!flag) return reply.code(404).header('cache-control', 'no-store').send({ error: 'no such flag (yet)' });
    return reply.type(flag.type).header('cache-control', 'public, max-age=3600').send(flag.body);
  });

  app.get('/output/template-client.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(TEMPLATE_CLIENT_JS),
  );

  // The house theme, as the On air page edits it: the same checks as a settings change.
  app.get('/api/graphics/theme', async (_req, reply) => {
    if (!ctx.templatesDir) return reply.code(404).send({ error: 'this console has no templates folder' });
    return reply.header('cache-control', 'no-store').send(await readTheme(ctx.templatesDir));
  });
  app.put('/api/graphics/theme', async (req, reply) => {
    if (refuseCrossSite(req, reply)) return reply;
    if (!ctx.templatesDir) return reply.code(404).send({ error: 'this console has no templates folder' });
    const parsed = GraphicsThemeSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ error: `${issue?.path.join('.') || 'theme'}: ${issue?.message ?? 'invalid'}` });
    }
    return reply.header('cache-control', 'no-store').send(await saveTheme(ctx.templatesDir, parsed.data));
  });

  app.get('/output/custom/:name', async (req, reply) => {
    if (!ctx.templatesDir) return reply.code(404).send({ error: 'this console has no templates folder' });
    const found = await readTemplateFile(ctx.templatesDir, (req.params as { name: string }).name);
    if (!found.ok) return reply.code(found.status).send({ error: found.error });
    return reply
      .type(found.file.type)
      .header('cache-control', 'no-store')
      .header('content-security-policy', templatePolicy(CONTENT_SECURITY_POLICY, found.file.scriptHashes))
      .send(found.file.body);
  });
}
