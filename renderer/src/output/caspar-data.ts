/**
 * What CasparCG or SPX hands to a template's `update(data)`: a JSON string (SPX, CasparCG 2.2+),
 * CasparCG's classic XML `<templateData><componentData id="f0"><data id="text" value="…"/>…`, or an
 * object already. All become one flat record of field → text.
 */
export type TemplateFields = Record<string, string>;

export function readTemplateData(input: unknown): TemplateFields {
  if (input === null || input === undefined) return {};
  if (typeof input === 'object') return flatten(input as Record<string, unknown>);
  const text = String(input).trim();
  if (text === '') return {};
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? flatten(parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  if (text.startsWith('<')) return fromTemplateXml(text);
  return {};
}

function flatten(obj: Record<string, unknown>): TemplateFields {
  const out: TemplateFields = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

function fromTemplateXml(xml: string): TemplateFields {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return {};
  const out: TemplateFields = {};
  for (const component of Array.from(doc.getElementsByTagName('componentData'))) {
    const id = component.getAttribute('id');
    const value = component.getElementsByTagName('data')[0]?.getAttribute('value');
    if (id && value !== null && value !== undefined) out[id] = value;
  }
  return out;
}
