/**
 * The caption editor: the text with its phrases painted behind it, the phrase chips, the
 * phrase-mode switch, "add the selection as a phrase", the words for the heatmap, and a note
 * when the caption runs past the model's token limit. Emits every edit; the shell debounces.
 */
import { memo, useState } from 'react';
import type { CaptionView, PhraseMode, Span } from '../view-model.ts';
import { CaptionInput, CUT_COLOUR } from './CaptionInput.tsx';
import { ModeToggle } from './ModeToggle.tsx';
import { PhraseChips } from './PhraseChips.tsx';
import { TokenStrip } from './TokenStrip.tsx';

export interface CaptionEditorProps {
  readonly caption: CaptionView;
  readonly selectedPhraseId: string | null;
  readonly selectedTokenIndex: number | null;
  readonly disabled?: boolean;
  onTextChange(text: string): void;
  onModeChange(mode: PhraseMode): void;
  /** The person selected part of the caption and asked for it to be a phrase. */
  onAddPhrase(span: Span): void;
  onRemovePhrase(id: string): void;
  onSelectPhrase(id: string | null): void;
  onSelectToken(index: number | null): void;
  /** A chip is hovered or focused (id) or no longer (null): pass to GroundingCanvas's previewPhraseId. */
  onPreviewPhrase?(id: string | null): void;
}

export const CaptionEditor = memo(function CaptionEditor(p: CaptionEditorProps) {
  const { caption } = p;
  const [pending, setPending] = useState<Span | null>(null);
  const pendingText = pending ? caption.text.slice(pending[0], pending[1]) : '';
  return (
    <section className="pg-caption" aria-label="Caption" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <CaptionInput
        text={caption.text}
        phrases={caption.phrases}
        cutAt={caption.cutAt}
        selectedPhraseId={p.selectedPhraseId}
        disabled={p.disabled}
        placeholder="Describe what to find, e.g. “a small red circle next to two blue stars”"
        onTextChange={p.onTextChange}
        onSelectionSpan={setPending}
      />
      {caption.cutAt !== null ? (
        <p role="status" style={{ margin: 0, fontSize: 13, color: CUT_COLOUR }}>
          The caption is longer than the model's {caption.maxTokens} tokens; the struck-through part is ignored.
        </p>
      ) : null}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <ModeToggle mode={caption.mode} disabled={p.disabled} onModeChange={p.onModeChange} />
        <button
          type="button"
          disabled={p.disabled || pending === null}
          // keep the textarea's selection: the click must not blur it first
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            if (pending) p.onAddPhrase(pending);
            setPending(null);
          }}
          title="Select words in the caption, then add them as a phrase of their own"
        >
          {pending ? `Add “${pendingText.length > 30 ? `${pendingText.slice(0, 29)}…` : pendingText}” as a phrase` : 'Select words to add a phrase'}
        </button>
      </div>
      <PhraseChips
        text={caption.text}
        phrases={caption.phrases}
        cutAt={caption.cutAt}
        selectedPhraseId={p.selectedPhraseId}
        onSelectPhrase={p.onSelectPhrase}
        onRemovePhrase={p.onRemovePhrase}
        onPreviewPhrase={p.onPreviewPhrase}
      />
      <TokenStrip text={caption.text} tokens={caption.tokens} selectedTokenIndex={p.selectedTokenIndex} onSelectToken={p.onSelectToken} />
    </section>
  );
});
