// @vitest-environment happy-dom
/**
 * What an overlay URL asks for, and what CasparCG/SPX hand to `update(data)`: an operator pastes a
 * URL once into OBS or vMix, so every choice in it must be read the way the README promises.
 */
import { describe, expect, it } from 'vitest';
import { readPageOptions, stageScale } from '../../renderer/src/output/page-options';
import { readTemplateData } from '../../renderer/src/output/caspar-data';
import { mergeHouseTheme, themeStyle } from '../../renderer/src/output/page-options';
import { MESSAGES, pickLanguage, translator } from '../../renderer/src/output/messages';

const read = (path: string) => readPageOptions(new URL(path, 'http://127.0.0.1:4710'));

describe('overlay URL options', () => {
  it('defaults to a transparent 1920×1080 page for the graphic in the path', () => {
    expect(read('/output/winner')).toEqual({
      graphic: 'winner',
      width: 1920,
      height: 1080,
      background: 'transparent',
      keyMatte: false,
      hideCursor: false,
      preview: false,
      unit: undefined,
      lang: 'en',
      theme: {},
    });
    expect(read('/output/').graphic).toBe('');
    expect(read('/output').graphic).toBe('');
  });

  it('reads size, key colour, key matte, cursor and preview', () => {
    const o = read('/output/field-standings/?w=1280&h=720&bg=GREEN&matte=key&cursor=none&preview=1&unit=F01/1/1');
    expect(o).toMatchObject({ graphic: 'field-standings', width: 1280, height: 720, background: 'green', keyMatte: true, hideCursor: true, preview: true, unit: 'F01/1/1' });
  });

  it('ignores nonsense instead of drawing a broken page', () => {
    const o = read('/output/all?w=abc&h=-5&bg=plaid');
    expect(o).toMatchObject({ width: 1920, height: 1080, background: 'transparent' });
    expect(read('/output/all?w=99999').width).toBe(7680);
    expect(read('/output/all?w=10').width).toBe(160);
  });

  it('scales the 1920×1080 stage to fit the page without distorting it', () => {
    expect(stageScale({ width: 1920, height: 1080 })).toBe(1);
    expect(stageScale({ width: 1280, height: 720 })).toBeCloseTo(2 / 3);
    expect(stageScale({ width: 3840, height: 2160 })).toBe(2);
    // Portrait: the width limits it.
    expect(stageScale({ width: 1080, height: 1920 })).toBeCloseTo(0.5625);
  });
});

describe('theme and language in the URL', () => {
  it('reads colours, font, radius and logo into CSS the page applies', () => {
    const o = read('/output/all?accent=e30613&plate=%230b1e3aee&ink=fff&font=Barlow%20Condensed&radius=12&logo=/output/custom/logo.png&lang=nb');
    expect(o.lang).toBe('nb');
    expect(o.theme).toEqual({ accent: '#e30613', plate: '#0b1e3aee', ink: '#fff', font: 'Barlow Condensed', radius: 12, logo: '/output/custom/logo.png' });
    expect(themeStyle(o.theme)).toMatchObject({ '--accent': '#e30613', '--radius': '12px', '--font': expect.stringMatching(/^'Barlow Condensed', /) });
  });

  it('drops what could break out of CSS or load from elsewhere', () => {
    const o = read("/output/all?accent=red;background:url(x)&font=x';}body{display:none&radius=400&logo=https://evil.example/x.png&lang=xx");
    expect(o.theme).toEqual({});
    expect(o.lang).toBe('en');
    expect(read('/output/all?logo=//evil.example/x.png').theme.logo).toBeUndefined();
    expect(read('/output/all?logo=/output/../../etc/passwd').theme.logo).toBeUndefined();
    expect(read('/output/all?radius=40').theme.radius).toBe(40);
  });

  it('speaks Norwegian Bokmål for nb, no and nn, English otherwise', () => {
    expect(['nb', 'NO', 'nn-NO', 'en-GB', 'sv', ''].map(pickLanguage)).toEqual(['nb', 'nb', 'nb', 'en', 'en', 'en']);
    const nb = translator('nb');
    expect(nb.t('Start list')).toBe('Startliste');
    expect(nb.t('Attempt {n}', { n: 3 })).toBe('Forsøk 3');
    // Text the core writes in English, part by part.
    expect(nb.text('Round 3 of 6 · Wind +1.2')).toBe('Runde 3 av 6 · Vind +1.2');
    expect(nb.text('Official')).toBe('Offisielt');
    expect(nb.text('Heat 2')).toBe('Heat 2');
    expect(nb.tag('PB')).toBe('PR');
    expect(translator('en').text('Round 3 of 6')).toBe('Round 3 of 6');
  });

  it('takes the house theme under what the URL says, and ignores a broken one', () => {
    const url = new URL('http://127.0.0.1:4710/output/all?accent=00ff00');
    const merged = mergeHouseTheme(readPageOptions(url), url, { accent: '#ff0000', radius: 6, lang: 'nb', font: { x: 1 } });
    expect(merged.theme).toEqual({ accent: '#00ff00', radius: 6 });
    expect(merged.lang).toBe('nb');
    const plain = readPageOptions(url);
    expect(mergeHouseTheme(plain, url, 'nonsense')).toBe(plain);
    expect(mergeHouseTheme(plain, url, [1, 2])).toBe(plain);
  });

  it('every language has every message', () => {
    for (const lang of Object.keys(MESSAGES) as (keyof typeof MESSAGES)[]) {
      expect(Object.keys(MESSAGES[lang]).sort(), lang).toEqual(Object.keys(MESSAGES.en).sort());
    }
  });
});

describe('CasparCG / SPX template data', () => {
  it('reads JSON strings and objects', () => {
    expect(readTemplateData('{"unit":"F01/1/1","page":2}')).toEqual({ unit: 'F01/1/1', page: '2' });
    expect(readTemplateData({ f0: 'Name', n: 3, none: null })).toEqual({ f0: 'Name', n: '3' });
  });

  it("reads CasparCG's classic templateData XML", () => {
    const xml =
      '<templateData><componentData id="unit"><data id="text" value="T02/1/1"/></componentData>' +
      '<componentData id="f1"><data id="text" value="Ålesund &amp; Co"/></componentData></templateData>';
    expect(readTemplateData(xml)).toEqual({ unit: 'T02/1/1', f1: 'Ålesund & Co' });
  });

  it('gives nothing for empty or broken input rather than throwing', () => {
    expect(readTemplateData('')).toEqual({});
    expect(readTemplateData(undefined)).toEqual({});
    expect(readTemplateData('{not json')).toEqual({});
    expect(readTemplateData('<templateData><componentData')).toEqual({});
    expect(readTemplateData('plain words')).toEqual({});
  });
});
