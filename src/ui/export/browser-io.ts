/** The browser side of export/import: save a file, copy text, read a chosen file. */

/** Offers `data` (text, or a data: URL) as a download named `fileName`. */
export function downloadFile(fileName: string, data: string, mimeType = 'application/json'): void {
  const isDataUrl = data.startsWith('data:');
  const url = isDataUrl ? data : URL.createObjectURL(new Blob([data], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // revoke later: some browsers start the download asynchronously
  if (!isDataUrl) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text to the clipboard; rejects with a one-line reason when the page may not. */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) throw new Error('the clipboard is not available here (it needs https or localhost)');
  await navigator.clipboard.writeText(text);
}

/** Reads a chosen file as text. */
export function readFileText(file: Blob): Promise<string> {
  return file.text();
}
