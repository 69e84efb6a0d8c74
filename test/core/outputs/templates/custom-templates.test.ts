/**
 * The operator's templates folder on a real directory: only plain files in it are served, with
 * their type; inline scripts are allowed by hash and nothing else is added to the policy; the
 * folder is made once, with the example, and left alone after.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineScriptHashes, MAX_TEMPLATE_BYTES, prepareTemplatesDir, readTemplateFile, templatePolicy } from '../../../../electron/core/outputs/templates/custom-templates';
import { EXAMPLE_TEMPLATE_HTML, EXAMPLE_TEMPLATE_NAME } from '../../../../electron/core/outputs/templates/template-client';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/core/server/app';
import { tempDir } from '../../../helpers/temp-dir';

let data: ReturnType<typeof tempDir>;
let dir: string;
const example = { name: EXAMPLE_TEMPLATE_NAME, html: EXAMPLE_TEMPLATE_HTML };

beforeEach(() => {
  data = tempDir();
  dir = prepareTemplatesDir(data.path, example, () => {});
});
afterEach(() => data.remove());

describe('the templates folder', () => {
  it('is made on first start with the example, and a deleted example stays deleted', () => {
    expect(readFileSync(join(dir, EXAMPLE_TEMPLATE_NAME), 'utf8')).toBe(EXAMPLE_TEMPLATE_HTML);
    rmSync(join(dir, EXAMPLE_TEMPLATE_NAME));
    prepareTemplatesDir(data.path, example, () => {});
    expect(existsSync(join(dir, EXAMPLE_TEMPLATE_NAME))).toBe(false);
  });

  it('a folder that cannot be made is logged, not fatal', () => {
    writeFileSync(join(data.path, 'blocked'), 'a file where a folder should be');
    const lines: string[] = [];
    prepareTemplatesDir(join(data.path, 'blocked'), example, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/cannot prepare/);
  });
});

describe('serving a template', () => {
  it('serves a bare name as its .html file, with the type, and other files by extension', async () => {
    const page = await readTemplateFile(dir, 'example-winner');
    expect(page.ok && page.file.type).toBe('text/html; charset=utf-8');
    writeFileSync(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const logo = await readTemplateFile(dir, 'logo.svg');
    expect(logo.ok && logo.file.type).toBe('image/svg+xml');
  });

  it('refuses anything but a plain file name of a known type, and what is not there', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, '.hidden.html'), 'x');
    writeFileSync(join(data.path, 'secret.html'), 'x');
    for (const name of ['../secret.html', '..', '.hidden.html', 'sub/x.html', 'a b.html', '%2e%2e', 'x.html.', '']) {
      expect((await readTemplateFile(dir, name)).ok, name).toBe(false);
    }
    expect(await readTemplateFile(dir, 'run.exe')).toMatchObject({ ok: false, status: 400 });
    expect(await readTemplateFile(dir, 'missing')).toMatchObject({ ok: false, status: 404 });
    expect(await readTemplateFile(dir, 'sub.html')).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses a file over 5 MB', async () => {
    writeFileSync(join(dir, 'huge.png'), Buffer.alloc(MAX_TEMPLATE_BYTES + 1));
    expect(await readTemplateFile(dir, 'huge.png')).toMatchObject({ ok: false, status: 413 });
  });

  it('allows exactly the inline scripts written in the file, by hash', () => {
    const html = '<script src="/a.js"></script><script>var a = 1;</script><SCRIPT type="module">go()</SCRIPT>';
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(inlineScriptHashes(html)).toEqual([sha('var a = 1;'), sha('go()')]);
    const policy = templatePolicy(CONTENT_SECURITY_POLICY, inlineScriptHashes(html));
    expect(policy).toContain(`script-src 'self' ${sha('var a = 1;')} ${sha('go()')};`);
    expect(/script-src [^;]*/.exec(policy)![0]).not.toContain('unsafe-inline');
    expect(policy.replace(/script-src [^;]*/, '')).toBe(CONTENT_SECURITY_POLICY.replace(/script-src [^;]*/, ''));
    expect(templatePolicy(CONTENT_SECURITY_POLICY, [])).toBe(CONTENT_SECURITY_POLICY);
  });
});
