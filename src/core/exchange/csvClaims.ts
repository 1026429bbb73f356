/**
 * CSV of claims for analysts' spreadsheets (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180): one row per claim
 * (a span of a label with a `speaker` relation in the project schema), columns `article, id, start, end, speaker,
 * speaker_entity, claim, date, date_value, stance` and one `attr:<name>` column per attribute the schema declares
 * for those labels. Offsets in Unicode code points. Fields with a comma, quote, CR or LF are quoted and quotes
 * doubled; records end with CR LF; the file begins with a UTF-8 BOM so that spreadsheet programs read it as UTF-8
 * (Arabic). A field that begins with `=`, `+`, `-` or `@` gets a leading `'` so that no spreadsheet runs it as a
 * formula (OWASP, "CSV Injection"). Export only.
 */
import { type Annotation, ownValue } from '../model/annotation';
import { labelDef } from '../model/projectSchema';
import { type ExchangeDoc, type ExportedFile, claimLabels, entityNameOf, exportable } from './exchange';

/** One RFC 4180 field. */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One RFC 4180 record with its CR LF. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** `claims.csv`: the claims of every document, with a BOM and a header. */
export function exportCsvClaims(docs: readonly ExchangeDoc[]): ExportedFile[] {
  const attributeNames: string[] = [];
  for (const doc of docs) {
    for (const label of claimLabels(doc.schema)) {
      for (const a of labelDef(doc.schema, label)?.attributes ?? []) {
        if (!attributeNames.includes(a.name)) attributeNames.push(a.name);
      }
    }
  }
  const header = ['article', 'id', 'start', 'end', 'speaker', 'speaker_entity', 'claim', 'date', 'date_value', 'stance',
    ...attributeNames.map((n) => `attr:${n}`)];
  let out = `\uFEFF${csvRecord(header)}`;
  for (const doc of docs) {
    const claims = new Set(claimLabels(doc.schema));
    const annotations = exportable(doc);
    const byId = new Map(annotations.map((a) => [a.id, a]));
    for (const a of annotations) {
      if (!claims.has(a.label)) continue;
      const speaker: Annotation | undefined = a.speaker !== undefined ? byId.get(a.speaker) : undefined;
      const date: Annotation | undefined = a.date !== undefined ? byId.get(a.date) : undefined;
      out += csvRecord([
        doc.article,
        a.id,
        String(a.start),
        String(a.end),
        speaker?.quote ?? '',
        speaker ? entityNameOf(doc, speaker) ?? speaker.entity ?? '' : '',
        a.quote,
        date?.quote ?? '',
        date?.value ?? '',
        a.stance ?? '',
        ...attributeNames.map((n) => ownValue(a.attributes, n) ?? ''),
      ]);
    }
  }
  return [{ name: 'claims.csv', content: out }];
}
