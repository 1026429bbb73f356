/**
 * The exchange formats by name, as `hashiya export --format` and `hashiya import --format` take them
 * (docs/exchange-formats.md): each export a pure function from documents to files.
 */
import { exportBrat } from './brat';
import { exportConll } from './conll';
import { exportCsvClaims } from './csvClaims';
import { type ExchangeDoc, type ExportedFile } from './exchange';
import { exportJsonl } from './jsonl';
import { exportLabelStudio } from './labelStudio';
import { exportW3c } from './w3c';

/** Names of the export formats. */
export const EXPORT_FORMATS = ['jsonl', 'labelstudio', 'brat', 'w3c', 'csv', 'conll'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Names of the import formats. */
export const IMPORT_FORMATS = ['jsonl', 'labelstudio', 'brat', 'w3c'] as const;

/** One of {@link IMPORT_FORMATS}. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Options some formats take. */
export interface ExportOptions {
  /** CoNLL: split Arabic proclitics (core/exchange/conll). */
  clitics?: boolean;
  /** CoNLL: only these labels are tagged. */
  labels?: readonly string[];
  /** Label Studio: spans as `predictions` (to review) instead of `annotations`. */
  predictions?: boolean;
}

/** True for a name of {@link EXPORT_FORMATS}. */
export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

/** True for a name of {@link IMPORT_FORMATS}. */
export function isImportFormat(name: string): name is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}

/** The files of `docs` exported in `format`. */
export function exportDocs(
  format: ExportFormat,
  docs: readonly ExchangeDoc[],
  options: ExportOptions = {},
): ExportedFile[] {
  switch (format) {
    case 'jsonl':
      return exportJsonl(docs);
    case 'labelstudio':
      return exportLabelStudio(docs, options.predictions ? 'predictions' : 'annotations');
    case 'brat':
      return exportBrat(docs);
    case 'w3c':
      return exportW3c(docs);
    case 'csv':
      return exportCsvClaims(docs);
    case 'conll':
      return exportConll(docs, options);
  }
}
