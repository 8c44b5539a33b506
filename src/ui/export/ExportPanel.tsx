/**
 * Export and import buttons: the result JSON (download, copy), COCO results, a PNG of the
 * annotated image at its original resolution, and importing a result JSON to show it again.
 * Failures go to `onError` as one line; an import that fails changes nothing.
 */
import { memo, useRef, type ChangeEvent } from 'react';
import type { ResultJson } from '../../core/result.ts';
import { copyText, downloadFile } from './browser-io.ts';
import { exportFileName } from './file-names.ts';
import { importResultText } from './import-result.ts';
import { cocoResultsText, resultJsonText } from './result-export.ts';

export interface ExportPanelProps {
  /** The current result (the worker's phraseground-result v1), or null before the first one. */
  readonly result: ResultJson | null;
  /** The annotated image as a PNG data URL (GroundingCanvas's handle), or null without an image. */
  getPng(): string | null;
  /** A valid result JSON was imported. */
  onImport(result: ResultJson, fileName: string): void;
  onError(message: string): void;
  /** Short confirmations ("Copied"), for a status line. */
  onNotice?(message: string): void;
}

export const ExportPanel = memo(function ExportPanel(p: ExportPanelProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const name = p.result?.image.name ?? 'image';
  const none = p.result === null;

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again must fire again
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      return p.onError(`${file.name} could not be read (${(err as Error).message}).`);
    }
    const outcome = importResultText(text, file.name);
    if (outcome.ok) p.onImport(outcome.result, file.name);
    else p.onError(outcome.message);
  };

  const safely = (what: string, action: () => void | Promise<void>) => async () => {
    try {
      await action();
    } catch (err) {
      p.onError(`${what} failed: ${(err as Error).message}`);
    }
  };

  return (
    <div className="pg-export" role="group" aria-label="Export and import" style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      <button type="button" disabled={none} onClick={safely('Download', () => downloadFile(exportFileName(name, 'result'), resultJsonText(p.result!)))}>
        Download result JSON
      </button>
      <button
        type="button"
        disabled={none}
        onClick={safely('Copy', async () => {
          await copyText(resultJsonText(p.result!));
          p.onNotice?.('Result JSON copied to the clipboard');
        })}
      >
        Copy JSON
      </button>
      <button type="button" disabled={none} onClick={safely('Download', () => downloadFile(exportFileName(name, 'coco'), cocoResultsText(p.result!)))}>
        COCO results
      </button>
      <button
        type="button"
        disabled={none}
        onClick={safely('PNG export', () => {
          const png = p.getPng();
          if (png === null) throw new Error('there is no image to export');
          downloadFile(exportFileName(name, 'png'), png, 'image/png');
        })}
      >
        Annotated PNG
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Import result JSON…
      </button>
      <input ref={fileInput} type="file" accept=".json,application/json" onChange={onFile} hidden aria-label="Result JSON file to import" data-testid="import-result-input" />
    </div>
  );
});
