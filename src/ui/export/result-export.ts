/**
 * Export payloads, built from the core's versioned result JSON (src/core/result.ts): the
 * result itself, and COCO results (category_id = the phrase's 1-based position).
 */
import { toCocoResults, type CocoResult, type ResultJson } from '../../core/result.ts';

/** The result JSON as a file's text (2-space indented, newline-terminated). */
export function resultJsonText(result: ResultJson): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** COCO results JSON: every box of every phrase, category_id = phrase index + 1. */
export function cocoResults(result: ResultJson, imageId = 1): CocoResult[] {
  return toCocoResults(result, imageId, (_phrase, index) => index + 1);
}

export function cocoResultsText(result: ResultJson, imageId = 1): string {
  return `${JSON.stringify(cocoResults(result, imageId))}\n`;
}
